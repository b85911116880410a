import { expect, test } from 'vitest';
import { normalizeImage, normalizePublish } from './normalize.js';

test.each([
  ['nginx', 'docker.io/library/nginx:latest'],
  ['nginx:latest', 'docker.io/library/nginx:latest'],
  ['library/nginx', 'docker.io/library/nginx:latest'],
  ['docker.io/library/nginx:latest', 'docker.io/library/nginx:latest'],
  ['index.docker.io/library/nginx', 'docker.io/library/nginx:latest'],
  ['nginx:1.26', 'docker.io/library/nginx:1.26'],
  ['bitnami/redis', 'docker.io/bitnami/redis:latest'],
  ['localhost:5000/app', 'localhost:5000/app:latest'],
  ['localhost/app:v1', 'localhost/app:v1'],
  ['ghcr.io/org/app:1', 'ghcr.io/org/app:1'],
  ['nginx@sha256:abc', 'docker.io/library/nginx@sha256:abc'],
])('image %s → %s', (written, normal) => {
  expect(normalizeImage(written)).toBe(normal);
});

test.each([
  ['8080:80', ':8080:80/tcp'],
  ['8080:80/tcp', ':8080:80/tcp'],
  ['0.0.0.0:8080:80', ':8080:80/tcp'],
  ['8080:80/UDP', ':8080:80/udp'],
  ['127.0.0.1:8080:80', '127.0.0.1:8080:80/tcp'],
  ['127.0.0.1::80', '127.0.0.1::80/tcp'],
  ['[::1]:8080:80', '::1:8080:80/tcp'],
  ['80', '::80/tcp'],
  ['a:b:c:d', 'a:b:c:d'],
])('publish %s → %s', (written, normal) => {
  expect(normalizePublish(written)).toBe(normal);
});
