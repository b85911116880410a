// The playground guide's starter project: a static site served by nginx, built from a Dockerfile or run with Compose.

export const EXAMPLE_FILES: { path: string; content: string }[] = [
  {
    path: 'Dockerfile',
    content: `# A tiny web site: nginx serving one page.
FROM nginx
COPY index.html /usr/share/nginx/html/index.html
EXPOSE 80
`,
  },
  {
    path: 'index.html',
    content: `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>Hello from Docker</title></head>
  <body style="font-family: system-ui; text-align: center; margin-top: 20vh">
    <h1>Hello from my own image!</h1>
    <p>Edit index.html, rebuild, and run again.</p>
  </body>
</html>
`,
  },
  {
    path: 'compose.yaml',
    content: `services:
  web:
    build: .
    ports:
      - "8082:80"
  cache:
    image: redis
`,
  },
];
