// greeter: a tiny web server whose greeting, version and user come from its
// environment. Node's built-in http module only, so nothing to install.
const http = require('node:http');
const os = require('node:os');

const port = Number(process.env.PORT || 3000);
const greeting = process.env.GREETING || 'Hi';
const version = process.env.APP_VERSION || 'unknown';

function whoAmI() {
  try {
    return os.userInfo().username;
  } catch {
    return `uid ${process.getuid()}`; // a user id with no name in /etc/passwd
  }
}

http
  .createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${greeting}! This is greeter ${version}, running as ${whoAmI()}.\n`);
  })
  .listen(port, () => console.log(`greeter ${version} listening on port ${port} as ${whoAmI()}`));
