"""S3 static website hosting, served ("Hosting a static website using Amazon S3", "Website endpoints", "Configuring an
index document", "Configuring a custom error document", "Configuring a webpage redirect", "Setting permissions for
website access"): the website endpoint `http://BUCKET.s3-website.localhost:PORT/` answers GET and HEAD anonymously,
in HTML, with index documents, folder redirects, error documents and routing rules."""
import json
import subprocess
import urllib.error
import urllib.request

import pytest

from s3support import unique_bucket

ACCOUNT = "731902845644"
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_PLAIN = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirects)


def visit(nimbus, bucket, path="/", method="GET", headers=None):
    """A browser's request to the bucket's website endpoint (the Host header names it): status, headers, body."""
    request = urllib.request.Request(nimbus.endpoint + path, method=method,
                                     headers={"Host": f"{bucket}.s3-website.localhost", **(headers or {})})
    try:
        with _PLAIN.open(request, timeout=10) as answer:
            return answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def public_policy(name, objects="*", listing=True):
    """Public reads of `objects`, and (so that a missing page is 404, not 403) public listing of the bucket."""
    statements = [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/{objects}"}]
    if listing:
        statements.append({"Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{name}"})
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


@pytest.fixture
def site(nimbus):
    """A public website bucket: public reads through its policy (Block Public Access off), with pages."""
    s3 = nimbus.client("s3", access_key=ACCOUNT)
    name = unique_bucket("site")
    s3.create_bucket(Bucket=name)
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
        "BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False, "RestrictPublicBuckets": False})
    s3.put_bucket_policy(Bucket=name, Policy=public_policy(name))
    for key, body in [("index.html", b"<h1>home</h1>"), ("error.html", b"<h1>oops</h1>"), ("docs/index.html", b"<h1>docs</h1>"),
                      ("about.html", b"<h1>about</h1>")]:
        s3.put_object(Bucket=name, Key=key, Body=body, ContentType="text/html")
    s3.put_bucket_website(Bucket=name, WebsiteConfiguration={"IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "error.html"}})
    return s3, name


# "Configuring an index document": the root and every folder answer their index document.
def test_index_documents_and_folders(nimbus, site):
    _, name = site
    status, headers, body = visit(nimbus, name, "/")
    assert (status, body) == (200, b"<h1>home</h1>") and headers["content-type"] == "text/html"
    assert visit(nimbus, name, "/docs/")[2] == b"<h1>docs</h1>"
    assert visit(nimbus, name, "/about.html")[2] == b"<h1>about</h1>"
    # `docs` is no object, but `docs/index.html` is: 302 Found to the folder ("Amazon S3 HTTP response codes").
    status, headers, _ = visit(nimbus, name, "/docs")
    assert status == 302 and headers["location"] == "/docs/"
    status, headers, body = visit(nimbus, name, "/", method="HEAD")
    assert status == 200 and headers["content-length"] == "13" and body == b""


# "Configuring a custom error document": served for 4XX errors, with the error's status.
def test_error_document(nimbus, site):
    _, name = site
    status, _, body = visit(nimbus, name, "/missing.html")
    assert (status, body) == (404, b"<h1>oops</h1>")


# "Configuring a custom error document": without one, S3's own HTML page, naming the error.
def test_default_error_pages(nimbus, site):
    s3, name = site
    s3.put_bucket_website(Bucket=name, WebsiteConfiguration={"IndexDocument": {"Suffix": "index.html"}})
    status, headers, body = visit(nimbus, name, "/missing.html")
    assert status == 404 and headers["content-type"].startswith("text/html")
    assert b"<title>404 Not Found</title>" in body and b"<li>Code: NoSuchKey</li>" in body and b"<li>Key: missing.html</li>" in body
    # A configured error document that is itself missing is reported beneath the error.
    s3.put_bucket_website(Bucket=name, WebsiteConfiguration={"IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "gone.html"}})
    body = visit(nimbus, name, "/missing.html")[2]
    assert b"An Error Occurred While Attempting to Retrieve a Custom Error Document" in body and b"<li>Key: gone.html</li>" in body
    status, _, body = visit(nimbus, name, "/", method="POST")
    assert status == 405 and b"MethodNotAllowed" in body
    other = unique_bucket("nosite")
    s3.create_bucket(Bucket=other)
    status, _, body = visit(nimbus, other, "/")
    assert status == 404 and b"<li>Code: NoSuchWebsiteConfiguration</li>" in body
    status, _, body = visit(nimbus, unique_bucket("absent"), "/")
    assert status == 404 and b"<li>Code: NoSuchBucket</li>" in body


# "Setting permissions for website access": the website reads anonymously, as the public would. An object the
# public may not read is 403; so is a missing one when the public may not list the bucket (keys cannot be probed),
# and Block Public Access decides there as on the REST endpoint.
def test_website_reads_are_anonymous(nimbus, site):
    s3, name = site
    s3.put_bucket_policy(Bucket=name, Policy=public_policy(name, objects="docs/*", listing=False))
    assert visit(nimbus, name, "/docs/")[0] == 200
    assert visit(nimbus, name, "/docs")[0] == 302
    status, _, body = visit(nimbus, name, "/about.html")
    assert status == 403  # the error document is not public either: S3's page, reporting both
    assert b"<li>Code: AccessDenied</li>" in body and b"<li>Message: Access Denied</li>" in body
    s3.put_bucket_policy(Bucket=name, Policy=public_policy(name, listing=False))
    status, _, body = visit(nimbus, name, "/missing.html")
    assert (status, body) == (403, b"<h1>oops</h1>")
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    assert visit(nimbus, name, "/docs/")[0] == 403


# "Configuring a webpage redirect": an object's redirect, routing rules by prefix and by error code, and a whole site.
def test_redirects(nimbus, site):
    s3, name = site
    s3.put_object(Bucket=name, Key="old.html", Body=b"", WebsiteRedirectLocation="/about.html")
    status, headers, _ = visit(nimbus, name, "/old.html")
    assert status == 301 and headers["location"] == "/about.html"
    s3.put_bucket_website(Bucket=name, WebsiteConfiguration={
        "IndexDocument": {"Suffix": "index.html"},
        "RoutingRules": [
            {"Condition": {"KeyPrefixEquals": "docs/"}, "Redirect": {"ReplaceKeyPrefixWith": "documents/"}},
            {"Condition": {"HttpErrorCodeReturnedEquals": "404"},
             "Redirect": {"HostName": "example.com", "Protocol": "https", "ReplaceKeyWith": "not-found", "HttpRedirectCode": "307"}},
        ]})
    status, headers, _ = visit(nimbus, name, "/docs/guide.html")
    assert status == 301 and headers["location"] == f"http://{name}.s3-website.localhost/documents/guide.html"
    status, headers, _ = visit(nimbus, name, "/nowhere")
    assert status == 307 and headers["location"] == "https://example.com/not-found"
    assert visit(nimbus, name, "/about.html")[0] == 200
    s3.put_bucket_website(Bucket=name, WebsiteConfiguration={"RedirectAllRequestsTo": {"HostName": "www.example.org", "Protocol": "https"}})
    status, headers, _ = visit(nimbus, name, "/a/b.html")
    assert status == 301 and headers["location"] == "https://www.example.org/a/b.html"


# A cached page is confirmed with 304 and a range is honoured; neither applies to the error document served
# instead of a missing page.
def test_conditional_and_ranged_requests(nimbus, site):
    _, name = site
    etag = visit(nimbus, name, "/about.html")[1]["etag"]
    assert visit(nimbus, name, "/about.html", headers={"If-None-Match": etag})[0] == 304
    assert visit(nimbus, name, "/about.html", headers={"Range": "bytes=0-3"})[:3:2] == (206, b"<h1>")
    status, headers, body = visit(nimbus, name, "/missing.html", headers={"Range": "bytes=0-3"})
    assert (status, body) == (404, b"<h1>oops</h1>") and "content-range" not in headers


# The course's lab with the AWS CLI, and curl resolving *.localhost as browsers do.
def test_cli_site_with_curl(nimbus, tmp_path):
    name = unique_bucket("clisite")
    (tmp_path / "index.html").write_text("<p>hello from the cli</p>")
    env = {"AWS_ACCESS_KEY_ID": ACCOUNT}
    nimbus.cli("s3", "mb", f"s3://{name}", env_extra=env)
    nimbus.cli("s3api", "put-public-access-block", "--bucket", name, "--public-access-block-configuration",
               "BlockPublicAcls=false,IgnorePublicAcls=false,BlockPublicPolicy=false,RestrictPublicBuckets=false", env_extra=env)
    nimbus.cli("s3api", "put-bucket-policy", "--bucket", name, "--policy", json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*"}]}), env_extra=env)
    nimbus.cli("s3", "cp", str(tmp_path / "index.html"), f"s3://{name}/index.html", "--content-type", "text/html", env_extra=env)
    nimbus.cli("s3", "website", f"s3://{name}", "--index-document", "index.html", env_extra=env)
    port = nimbus.endpoint.rsplit(":", 1)[1]
    page = subprocess.run(["curl", "-s", "--noproxy", "*", f"http://{name}.s3-website.localhost:{port}/"], capture_output=True, timeout=10)
    assert page.stdout == b"<p>hello from the cli</p>"
