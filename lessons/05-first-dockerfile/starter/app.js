// A tiny web server with no dependencies: only Node.js's built-in http module.
const http = require('http');

const port = Number(process.env.PORT) || 3000;
const message = 'Hello from Node.js in a container!';

const server = http.createServer((req, res) => {
  console.log(`${req.method} ${req.url}`);
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${message}\n`);
});

server.listen(port, () => console.log(`Listening on port ${port}`));

// Exit promptly on `docker stop`.
process.on('SIGTERM', () => server.close(() => process.exit(0)));
