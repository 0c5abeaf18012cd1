// fauxqs queue URLs use hosts like sqs.us-east-1.localhost, which glibc does not resolve: send them to loopback.
const dns = require('node:dns');
const original = dns.lookup;
dns.lookup = (host, ...rest) => original(typeof host === 'string' && host.endsWith('.localhost') ? '127.0.0.1' : host, ...rest);
