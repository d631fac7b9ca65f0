// Fixture for the harness self-test: the probe extension flags each call of eval below.
const http = require('http');

http.createServer((req, res) => {
  const result = eval(req.url.slice(1));
  res.end(String(result));
}).listen(0);
