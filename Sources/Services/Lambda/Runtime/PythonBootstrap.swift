/// Nimbus's runtime loop for Python, written to the runtime directory at first use: what AWS's `awslambdaric` does,
/// in the standard library only (the function's own packages are its own).
enum PythonBootstrap {
    static let fileName = "bootstrap.py"

    static let source = #"""
import importlib, json, os, socket, sys, time

# Started with -S (no site): this machine's .pth files import packages at start-up (tens of milliseconds of a
# cold start); the site-packages directories themselves are still put on the path, so installed packages import.
import site
for _directory in site.getsitepackages() + [site.getusersitepackages()]:
    if _directory not in sys.path and os.path.isdir(_directory):
        sys.path.append(_directory)

HOST, PORT = os.environ["AWS_LAMBDA_RUNTIME_API"].rsplit(":", 1)
BASE = "/2018-06-01/runtime"


class RuntimeAPI:
    """HTTP/1.1 on one kept-alive socket: http.client costs more to import than the whole exchange takes."""

    def __init__(self):
        self.sock = None
        self.buffer = b""

    def call(self, method, path, body=b"", headers=None):
        for attempt in (0, 1):
            try:
                if self.sock is None:
                    self.sock = socket.create_connection((HOST, int(PORT)))
                    self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    self.buffer = b""
                lines = ["%s %s%s HTTP/1.1" % (method, BASE, path), "Host: %s:%s" % (HOST, PORT),
                         "Content-Length: %d" % len(body)]
                lines += ["%s: %s" % item for item in (headers or {}).items()]
                self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
                return self.read_response()
            except OSError:
                self.close()
                if attempt:
                    raise

    def read_response(self):
        while b"\r\n\r\n" not in self.buffer:
            self.receive()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(self.buffer) < length:
            self.receive()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body

    def receive(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionResetError("Runtime API closed the connection")
        self.buffer += chunk

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock = None


API = RuntimeAPI()
call = API.call


def flush():
    sys.stdout.flush()
    sys.stderr.flush()


def error_body(error, error_type=None, request_id=""):
    import traceback  # only failures pay for it
    # The frames of the handler, not of this loop, as AWS's Python runtime reports them.
    tb = error.__traceback__.tb_next if error.__traceback__ is not None else None
    return {"errorMessage": str(error), "errorType": error_type or type(error).__name__,
            "requestId": request_id, "stackTrace": traceback.format_list(traceback.extract_tb(tb))}


def log_error(body):
    lines = ["[ERROR] %s: %s" % (body["errorType"], body["errorMessage"])]
    if body["stackTrace"]:
        lines.append("Traceback (most recent call last):")
        lines.extend(line.rstrip("\n") for line in body["stackTrace"])
    print("\n".join(lines), flush=True)


def init_error(body):
    log_error(body)
    flush()
    call("POST", "/init/error", json.dumps(body).encode(), {"Lambda-Runtime-Function-Error-Type": body["errorType"]})
    sys.exit(1)


class LambdaContext:
    def __init__(self, request_id, deadline_ms, invoked_arn):
        self.aws_request_id = request_id
        self.invoked_function_arn = invoked_arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)


class ClientContext:
    """What a mobile SDK passed: `client`, `custom` and `env`, as awslambdaric names them."""

    def __init__(self, value):
        self.client = value.get("client")
        self.custom = value.get("custom")
        self.env = value.get("env")


def load_handler():
    name = os.environ.get("_HANDLER", "")
    try:
        module_name, function_name = name.rsplit(".", 1)
    except ValueError:
        init_error({"errorMessage": "Bad handler '%s': not enough values to unpack (expected 2, got 1)" % name,
                    "errorType": "Runtime.MalformedHandlerName", "requestId": "", "stackTrace": []})
    sys.path.insert(0, os.environ["LAMBDA_TASK_ROOT"])
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as error:
        init_error({"errorMessage": "Unable to import module '%s': %s" % (module_name, error),
                    "errorType": "Runtime.ImportModuleError", "requestId": "", "stackTrace": []})
    except SyntaxError as error:
        init_error({"errorMessage": "Syntax error in module '%s': %s" % (module_name, error),
                    "errorType": "Runtime.UserCodeSyntaxError", "requestId": "", "stackTrace": []})
    except Exception as error:
        init_error(error_body(error))
    handler = getattr(module, function_name, None)
    if handler is None:
        init_error({"errorMessage": "Handler '%s' missing on module '%s'" % (function_name, module_name),
                    "errorType": "Runtime.HandlerNotFound", "requestId": "", "stackTrace": []})
    return handler


def main():
    handler = load_handler()
    while True:
        _, headers, body = call("GET", "/invocation/next")
        request_id = headers.get("lambda-runtime-aws-request-id")
        trace_id = headers.get("lambda-runtime-trace-id")
        if trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        context = LambdaContext(request_id, int(headers.get("lambda-runtime-deadline-ms") or 0),
                                headers.get("lambda-runtime-invoked-function-arn"))
        if headers.get("lambda-runtime-client-context"):
            context.client_context = ClientContext(json.loads(headers["lambda-runtime-client-context"]))
        try:
            event = json.loads(body) if body else None
            result = handler(event, context)
            try:
                payload = json.dumps(result).encode()
            except (TypeError, ValueError) as error:
                raise MarshalError("Unable to marshal response: %s" % error) from None
        except Exception as error:
            error_type = "Runtime.MarshalError" if isinstance(error, MarshalError) else None
            failure = error_body(error, error_type, request_id)
            log_error(failure)
            flush()
            call("POST", "/invocation/%s/error" % request_id, json.dumps(failure).encode(),
                 {"Lambda-Runtime-Function-Error-Type": failure["errorType"]})
            continue
        flush()
        call("POST", "/invocation/%s/response" % request_id, payload, {"Content-Type": "application/json"})


class MarshalError(Exception):
    pass


main()
"""#
}
