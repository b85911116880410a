import { describe, expect, test } from 'vitest';
import { canonicalCommand, matchCommand, parseDockerCommands } from './command-match.js';
import type { CommandCheck } from './model.js';

type Spec = Omit<CommandCheck, 'kind' | 'message'>;

const web: Spec = { command: 'docker run', flags: { detach: true, publish: '8080:80' }, image: 'nginx' };
const buildApp: Spec = { command: 'docker build', flags: { tag: 'app' }, args: ['.'] };
const psAll: Spec = { command: 'docker ps', flags: { all: true } };
const composeUp: Spec = { command: 'docker compose up', flags: { detach: true } };
const greeting: Spec = { command: 'docker run', flags: { env: 'GREETING=hello world' }, image: 'busybox' };
const echoHi: Spec = { command: 'docker run', image: 'busybox', args: ['echo', 'hi'] };
const named: Spec = { command: 'docker run', flags: { name: 'web' } };
const rmiNginx: Spec = { command: 'docker rmi', image: 'nginx' };

// [spec, line, expected, exit code (default 0)]
const rows: [Spec, string, boolean, number?][] = [
  // The three equivalent spellings, and near misses.
  [web, 'docker run -d -p 8080:80 nginx', true],
  [web, 'docker container run --detach --publish=8080:80 nginx:latest', true],
  [web, 'docker run -p 8080:80 -d nginx', true],
  [web, 'docker run nginx', false],
  [web, 'docker run -d -p 8081:80 nginx', false],
  [web, 'docker run -d -p 8080:80 httpd', false],
  [web, 'docker create -d -p 8080:80 nginx', false],
  [web, 'echo docker run -d -p 8080:80 nginx', false],
  [web, '# docker run -d -p 8080:80 nginx', false],
  [web, 'docker run -d -p 8080:80 nginx', false, 125],
  [web, 'docker run -d -p 8080:80 nginx:1.26', false],
  [web, 'docker run -d -p 127.0.0.1:8080:80 nginx', false],
  [web, 'docker run busybox -d -p 8080:80 nginx', false],
  // Bundles, attached values, normal forms, repeats, =true/=false.
  [web, 'docker run -dp 8080:80 nginx', true],
  [web, 'docker run --detach=true -p8080:80 nginx', true],
  [web, 'docker run -d --detach=false -p 8080:80 nginx', false],
  [web, 'docker run -d -p 0.0.0.0:8080:80/tcp docker.io/library/nginx', true],
  [web, 'docker run -d -p 8443:443 -p 8080:80 library/nginx', true],
  [web, 'docker run -d -p 8080:80/udp nginx', false],
  [{ command: 'docker run', flags: { detach: true, interactive: true, tty: true } }, 'docker run -itd ubuntu', true],
  [{ command: 'docker run', flags: { interactive: true, tty: true, rm: true }, image: 'busybox' }, 'docker run -it --rm busybox sh', true],
  [{ command: 'docker run', flags: { interactive: true, tty: true, rm: true }, image: 'busybox' }, 'docker run -i --rm busybox', false],
  [{ command: 'docker run', flags: { 'publish-all': true } }, 'docker run -P -d nginx', true],
  [{ command: 'docker run', flags: { workdir: '/app', user: 'node' } }, 'docker run -w /app -u node node:20 npm test', true],
  [{ command: 'docker run', flags: { rm: false }, image: 'nginx' }, 'docker run --rm nginx', false],
  [{ command: 'docker run', flags: { rm: false }, image: 'nginx' }, 'docker run nginx', true],
  [{ command: 'docker run', flags: { network: 'host' } }, 'docker run --net=host nginx', true],
  [{ command: 'docker run', flags: { net: 'host' } }, 'docker run --network host nginx', true],
  // --name=web vs --name web.
  [named, 'docker run --name=web nginx', true],
  [named, 'docker run -d --name web nginx', true],
  [named, 'docker run --name webx nginx', false],
  // Environment and quoting.
  [greeting, 'docker run -e "GREETING=hello world" busybox', true],
  [greeting, "docker run --env 'GREETING=hello world' -e OTHER=1 busybox", true],
  [greeting, 'docker run -e GREETING=hello\\ world busybox', true],
  [greeting, 'docker run -e GREETING=hello busybox', false],
  [{ command: 'docker run', flags: { env: 'A=1' } }, 'docker run -eA=1 busybox', true],
  [{ command: 'docker run', flags: { volume: '$PWD:/app' } }, 'docker run -v "$PWD":/app busybox', true],
  // Arguments after the image; flags after the image belong to the container's command.
  [echoHi, 'docker run busybox echo hi', true],
  [echoHi, "docker run --rm busybox 'echo' \"hi\"", true],
  [echoHi, 'docker run busybox echo hi there', false],
  [{ command: 'docker run', image: 'busybox', args: ['ls', '-l'] }, 'docker run --rm -- busybox ls -l', true],
  // Prefixes and wrappers.
  [web, 'sudo docker run -d -p 8080:80 nginx', true],
  [web, 'sudo -E -u root docker run -d -p 8080:80 nginx', true],
  [web, 'VAR=1 docker run -d -p 8080:80 nginx', true],
  [web, 'env A=1 B=2 docker run -d -p 8080:80 nginx', true],
  [web, 'docker --context default -H unix:///var/run/docker.sock run -d -p 8080:80 nginx', true],
  [{ command: 'docker ps' }, 'docker -D --log-level debug ps', true],
  [{ command: 'docker ps' }, '/usr/bin/docker ps', true],
  [{ command: 'docker ps' }, 'command -v docker', false],
  [buildApp, 'time docker build -t app .', true],
  // Several commands in a line.
  [buildApp, 'cd app && docker build -t app .', true],
  [{ command: 'docker ps' }, 'docker ps | grep web', true],
  [{ command: 'docker ps' }, '(cd /tmp; docker ps)', true],
  [{ command: 'docker images', flags: { quiet: true } }, 'docker rmi $(docker images -q)', true],
  [{ command: 'docker run', image: 'busybox' }, 'false || docker run busybox', true],
  [{ command: 'docker run', image: 'nosuch', exitCode: 125 }, 'docker run nosuch', true, 125],
  // Compose.
  [composeUp, 'docker compose up -d', true],
  [composeUp, 'docker-compose up -d', true],
  [composeUp, 'docker compose -f compose.prod.yaml -p shop up --detach web', true],
  [composeUp, 'docker compose up', false],
  [{ command: 'docker compose up', flags: { file: 'compose.prod.yaml', 'project-name': 'shop' } }, 'docker compose -f compose.prod.yaml --project-name=shop up', true],
  [{ command: 'docker-compose down', flags: { volumes: true } }, 'docker compose down -v', true],
  [{ command: 'docker compose logs', flags: { follow: true, tail: '10' }, args: ['web'] }, 'docker compose logs -f -n 10 web', true],
  [{ command: 'docker compose exec', flags: { 'no-TTY': true }, args: ['web', 'sh', '-c', 'ls'] }, 'docker compose exec -T web sh -c ls', true],
  [{ command: 'docker compose ps' }, 'docker compose --profile debug ps -a', true],
  [{ command: 'docker compose up', flags: { 'project-name': 'shop' }, args: [] }, 'docker compose up -p shop', true],
  [{ command: 'docker compose exec', flags: { workdir: '/app' }, args: ['web', 'sh'] }, 'docker compose exec -w /app web sh', true],
  [{ command: 'docker compose run', flags: { publish: '8080:80', rm: true }, args: ['web'] }, 'docker compose -p shop run --rm -p 8080:80 web', true],
  // Build: -t app vs --tag=app:latest.
  [buildApp, 'docker build -t app .', true],
  [buildApp, 'docker build --tag=app:latest .', true],
  [buildApp, 'docker build . -t app', true],
  [buildApp, 'docker image build -t app:v2 .', false],
  [{ command: 'docker build', flags: { tag: 'app', file: 'Dockerfile.prod' } }, 'docker buildx build -f Dockerfile.prod -t app .', true],
  // Aliases: rmi, ps, images.
  [rmiNginx, 'docker image rm nginx', true],
  [rmiNginx, 'docker rmi nginx:latest', true],
  [rmiNginx, 'docker image remove -f busybox nginx', true],
  [rmiNginx, 'docker rmi nginx:1.26', false],
  [{ command: 'docker image rm', image: 'nginx', flags: { force: true } }, 'docker rmi -f nginx', true],
  [psAll, 'docker container ls -a', true],
  [psAll, 'docker container list --all', true],
  [psAll, 'docker container ps -a', true],
  [psAll, 'docker ps -aq', true],
  [psAll, 'docker ps', false],
  [{ command: 'docker image ls' }, 'docker images', true],
  [{ command: 'docker images' }, 'docker image ls', true],
  [{ command: 'docker images' }, 'docker image list nginx', true],
  [{ command: 'docker images' }, 'docker image inspect nginx', false],
  // Other commands.
  [{ command: 'docker rm', flags: { force: true }, args: ['web'] }, 'docker container rm -f web', true],
  [{ command: 'docker logs', flags: { follow: true, tail: '5' }, args: ['web'] }, 'docker logs -f --tail 5 web', true],
  [{ command: 'docker logs', flags: { follow: true, tail: '5' }, args: ['web'] }, 'docker logs -fn5 web', true],
  [{ command: 'docker exec', flags: { interactive: true, tty: true }, args: ['web', 'sh'] }, 'docker exec -it web sh', true],
  [{ command: 'docker exec', flags: { interactive: true, tty: true }, args: ['web', 'sh'] }, 'docker container exec -it web sh -c ls', false],
  [{ command: 'docker pull', image: 'redis:7' }, 'docker image pull redis:7', true],
  [{ command: 'docker pull', image: 'redis:7' }, 'docker pull redis', false],
  [{ command: 'docker tag', image: 'app', args: ['localhost:5000/app'] }, 'docker tag app:latest localhost:5000/app', true],
  [{ command: 'docker push', image: 'localhost:5000/app' }, 'docker push localhost:5000/app:latest', true],
  [{ command: 'docker push', image: 'localhost:5000/app' }, 'docker push app', false],
  [{ command: 'docker stop', flags: { timeout: '5' }, args: ['web'] }, 'docker stop --time=5 web', true],
  [{ command: 'docker volume create', args: ['data'] }, 'docker volume create data', true],
  [{ command: 'docker network create', flags: { driver: 'bridge' }, args: ['appnet'] }, 'docker network create -d bridge appnet', true],
  [{ command: 'docker network connect', args: ['appnet', 'web'] }, 'docker network connect appnet web', true],
  [{ command: 'docker system prune', flags: { all: true, force: true, volumes: true } }, 'docker system prune -af --volumes', true],
  [{ command: 'docker image prune', flags: { all: true } }, 'docker image prune -a -f', true],
  [{ command: 'docker system df' }, 'docker system df -v', true],
  [{ command: 'docker cp', args: ['web:/etc/nginx/nginx.conf', '.'] }, 'docker container cp web:/etc/nginx/nginx.conf .', true],
  [{ command: 'docker commit', flags: { message: 'added curl' }, args: ['web', 'myimage:v1'] }, 'docker commit -m "added curl" web myimage:v1', true],
  [{ command: 'docker scout cves', flags: { format: 'sarif' } }, 'docker scout cves --format=sarif nginx', true],
  // Garbage never matches and never throws.
  [web, ')(&&| docker run <<<', false],
  [web, 'docker run -d -p 8080:80 "nginx', false],
  [web, '', false],
  [{ command: 'docker ps' }, '\u0000\u00ff docker ps \\', false],
];

describe('matchCommand', () => {
  test.each(rows)('%j ~ %s → %s', (spec, line, expected, exitCode = 0) => {
    expect(matchCommand({ kind: 'command', message: 'm', ...spec }, { line, exitCode })).toBe(expected);
  });
});

describe('parseDockerCommands', () => {
  test('reads global options, command path, flags, image and args', () => {
    expect(parseDockerCommands('sudo docker -H tcp://x:2375 container run -it --rm -e A=1 -e B=2 busybox sh -c "echo hi"')).toEqual([
      {
        command: 'docker run',
        flags: { interactive: ['true'], tty: ['true'], rm: ['true'], env: ['A=1', 'B=2'] },
        images: ['busybox'],
        args: ['sh', '-c', 'echo hi'],
      },
    ]);
  });

  test('finds every docker command in a line, in order', () => {
    const commands = parseDockerCommands('docker stop web && docker rm web; echo done | docker-compose ps');
    expect(commands.map((c) => c.command)).toEqual(['docker stop', 'docker rm', 'docker compose ps']);
  });

  test('keeps non-ASCII text intact around expansions', () => {
    expect(parseDockerCommands('docker run -e "GRÜSS=${HOME}ö" busybox')[0]?.flags['env']).toEqual(['GRÜSS=${HOME}ö']);
  });
});

describe('canonicalCommand', () => {
  test.each([
    ['docker container ls', 'docker ps'],
    ['docker container list', 'docker ps'],
    ['docker image ls', 'docker images'],
    ['docker image rm', 'docker rmi'],
    ['docker-compose up', 'docker compose up'],
    ['docker buildx build', 'docker build'],
    ['docker volume list', 'docker volume ls'],
    ['docker  run ', 'docker run'],
  ])('%s → %s', (written, canonical) => {
    expect(canonicalCommand(written)).toBe(canonical);
  });
});
