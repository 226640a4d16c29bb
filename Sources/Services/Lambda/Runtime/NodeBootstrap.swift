/// Nimbus's runtime loop for Node.js, written to the runtime directory at first use: CommonJS and ES modules,
/// async and callback handlers, and console lines prefixed as AWS's Node runtime prefixes them.
enum NodeBootstrap {
    static let fileName = "bootstrap.js"

    static let source = #"""
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const util = require('util');
const { pathToFileURL } = require('url');

const [HOST, PORT] = (() => { const api = process.env.AWS_LAMBDA_RUNTIME_API; const i = api.lastIndexOf(':'); return [api.slice(0, i), Number(api.slice(i + 1))]; })();
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let currentRequestId;

function call(method, route, body, headers) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(body);
    const request = http.request({ host: HOST, port: PORT, method, path: '/2018-06-01/runtime' + route, agent,
      headers: Object.assign(data ? { 'Content-Length': data.length } : {}, headers || {}) }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    if (data) request.write(data);
    request.end();
  });
}

// AWS's Node runtime writes each console line as "TIME\tREQUEST_ID\tLEVEL\tmessage".
for (const [method, level] of [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG'], ['trace', 'TRACE']]) {
  console[method] = (...args) => {
    process.stdout.write(`${new Date().toISOString()}\t${currentRequestId || 'undefined'}\t${level}\t${util.format(...args)}\n`);
  };
}

function errorBody(error) {
  if (error instanceof Error) {
    return { errorType: error.name || 'Error', errorMessage: error.message, trace: String(error.stack || '').split('\n') };
  }
  return { errorType: 'string', errorMessage: typeof error === 'string' ? error : JSON.stringify(error), trace: [] };
}

async function initError(body) {
  console.error(JSON.stringify(body));
  await call('POST', '/init/error', JSON.stringify(body), { 'Lambda-Runtime-Function-Error-Type': body.errorType });
  process.exit(1);
}

function packageType(root) {
  try { return JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).type; } catch (error) { return undefined; }
}

async function loadHandler() {
  const name = process.env._HANDLER || '';
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return initError({ errorType: 'Runtime.MalformedHandlerName', errorMessage: `Bad handler ${name}`, trace: [] });
  const moduleName = name.slice(0, dot);
  const functionName = name.slice(dot + 1);
  const root = process.env.LAMBDA_TASK_ROOT;
  const file = ['.js', '.mjs', '.cjs'].map((ext) => path.join(root, moduleName + ext)).find((f) => fs.existsSync(f));
  if (!file) {
    return initError({ errorType: 'Runtime.ImportModuleError', errorMessage: `Error: Cannot find module '${moduleName}'`, trace: [] });
  }
  let mod;
  try {
    // CommonJS through require (the ES module loader costs a cold start tens of milliseconds); ES modules
    // (.mjs, or "type": "module" in the package) through import(), as AWS's Node runtime decides.
    if (file.endsWith('.mjs') || packageType(root) === 'module') {
      mod = await import(pathToFileURL(file).href);
    } else {
      try {
        mod = require(file);
      } catch (error) {
        if (error.code !== 'ERR_REQUIRE_ESM') throw error;
        mod = await import(pathToFileURL(file).href);
      }
    }
  } catch (error) {
    const body = errorBody(error);
    if (error instanceof SyntaxError) body.errorType = 'Runtime.UserCodeSyntaxError';
    return initError(body);
  }
  const handler = mod[functionName] !== undefined ? mod[functionName] : (mod.default || {})[functionName];
  if (typeof handler !== 'function') {
    return initError({ errorType: 'Runtime.HandlerNotFound', errorMessage: `${name} is undefined or not exported`, trace: [] });
  }
  return handler;
}

async function main() {
  const handler = await loadHandler();
  for (;;) {
    const next = await call('GET', '/invocation/next');
    const requestId = next.headers['lambda-runtime-aws-request-id'];
    const deadline = Number(next.headers['lambda-runtime-deadline-ms'] || 0);
    currentRequestId = requestId;
    if (next.headers['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'];
    const context = {
      awsRequestId: requestId,
      invokedFunctionArn: next.headers['lambda-runtime-invoked-function-arn'],
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
      callbackWaitsForEmptyEventLoop: true,
      clientContext: next.headers['lambda-runtime-client-context'] ? JSON.parse(next.headers['lambda-runtime-client-context']) : undefined,
      getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
    };
    let payload;
    try {
      const event = next.body ? JSON.parse(next.body) : null;
      const result = handler.length >= 3
        ? await new Promise((resolve, reject) => handler(event, context, (error, value) => (error ? reject(error) : resolve(value))))
        : await handler(event, context);
      payload = JSON.stringify(result === undefined ? null : result);
    } catch (error) {
      const body = errorBody(error);
      console.error('Invoke Error \t' + JSON.stringify(body));
      await call('POST', `/invocation/${requestId}/error`, JSON.stringify(body), { 'Lambda-Runtime-Function-Error-Type': body.errorType });
      continue;
    }
    await call('POST', `/invocation/${requestId}/response`, payload);
  }
}

main().catch((error) => { process.stderr.write(String(error && error.stack || error) + '\n'); process.exit(1); });
"""#
}
