"""CloudWatch Logs with AWS's rules: the CloudWatch Logs API Reference for each action (CreateLogGroup, DeleteLogGroup,
DescribeLogGroups, CreateLogStream, DeleteLogStream, DescribeLogStreams, PutLogEvents, GetLogEvents, FilterLogEvents,
PutRetentionPolicy, DeleteRetentionPolicy, TagResource, UntagResource, ListTagsForResource, TagLogGroup, UntagLogGroup,
ListTagsLogGroup) and the User Guide page "Filter pattern syntax for metric filters, subscription filters, filter log
events, and Live Tail".

Every test works in an account of its own (the access key is a 12-digit account id derived from the test's name)."""
import json
import re
import time

import pytest
from ec2support import account_id, fails

FORWARD = re.compile(r"^f/\d{56}/s$")
BACKWARD = re.compile(r"^b/\d{56}/s$")
DAY_MS = 86_400_000


def now_ms() -> int:
    return int(time.time() * 1000)


@pytest.fixture
def account(request) -> str:
    return account_id(request)


@pytest.fixture
def logs(nimbus, account):
    return nimbus.client("logs", region="us-east-1", access_key=account)


@pytest.fixture
def raw(nimbus, account):
    """A client that does not validate parameters, so the server's validation answers."""
    return nimbus.raw_client("logs", region="us-east-1", access_key=account)


def put(logs, group, stream, messages, start=None, step=1):
    base = now_ms() - 60_000 if start is None else start
    events = [{"timestamp": base + i * step, "message": m} for i, m in enumerate(messages)]
    return logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=events)


def stream_with(logs, group, stream, messages, **kwargs):
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName=stream)
    return put(logs, group, stream, messages, **kwargs)


def filtered(logs, group, **kwargs):
    return [e["message"] for e in logs.filter_log_events(logGroupName=group, **kwargs)["events"]]


# ---- log groups ----------------------------------------------------------------------------------------------------

# CreateLogGroup, DescribeLogGroups, DeleteLogGroup (API Reference): ARN with and without `:*`, the class, errors.
def test_create_describe_delete_group(logs, account):
    before = now_ms()
    logs.create_log_group(logGroupName="/app/web", tags={"team": "core"}, logGroupClass="INFREQUENT_ACCESS")
    [group] = logs.describe_log_groups(logGroupNamePrefix="/app/web")["logGroups"]
    assert group["logGroupName"] == "/app/web"
    assert group["arn"] == f"arn:aws:logs:us-east-1:{account}:log-group:/app/web:*"
    assert group["logGroupArn"] == f"arn:aws:logs:us-east-1:{account}:log-group:/app/web"
    assert group["storedBytes"] == 0 and "retentionInDays" not in group
    assert group["logGroupClass"] == "INFREQUENT_ACCESS"
    assert before - 1000 <= group["creationTime"] <= now_ms() + 1000
    assert fails(logs.create_log_group, logGroupName="/app/web") == "ResourceAlreadyExistsException"
    assert logs.list_tags_log_group(logGroupName="/app/web")["tags"] == {"team": "core"}
    logs.delete_log_group(logGroupName="/app/web")
    assert logs.describe_log_groups()["logGroups"] == []
    assert fails(logs.delete_log_group, logGroupName="/app/web") == "ResourceNotFoundException"


# CreateLogGroup: "Log group names must be unique within a Region for an AWS account. Log group names can be between 1
# and 512 characters long. ... can't start with the string aws/"; allowed: a-z, A-Z, 0-9, '_', '-', '/', '.', '#'.
def test_group_name_rules(logs, raw):
    logs.create_log_group(logGroupName="A-z_0.9/#ok")
    logs.create_log_group(logGroupName="g" * 512)
    assert fails(raw.create_log_group, logGroupName="g" * 513) == "InvalidParameterException"
    assert fails(logs.create_log_group, logGroupName="has space") == "InvalidParameterException"
    assert fails(logs.create_log_group, logGroupName="colon:name") == "InvalidParameterException"
    assert fails(logs.create_log_group, logGroupName="aws/reserved") == "InvalidParameterException"
    assert fails(logs.create_log_group, logGroupName="AWS/reserved") == "InvalidParameterException"
    logs.create_log_group(logGroupName="/aws/lambda/allowed")
    assert fails(raw.create_log_group, logGroupName="x", logGroupClass="GOLD") == "InvalidParameterException"


# DescribeLogGroups: logGroupNamePrefix, logGroupNamePattern ("case-sensitive substring search"; the two are mutually
# exclusive), limit (1 to 50), nextToken; storedBytes counts the group's events.
def test_describe_groups_filters_and_pages(logs, raw):
    for name in ["/svc/alpha", "/svc/beta", "/svc/gamma", "/other/DataLogs", "/other/datalogs"]:
        logs.create_log_group(logGroupName=name)
    names = lambda **kw: [g["logGroupName"] for g in logs.describe_log_groups(**kw)["logGroups"]]
    assert names(logGroupNamePrefix="/svc/") == ["/svc/alpha", "/svc/beta", "/svc/gamma"]
    assert names(logGroupNamePattern="DataLogs") == ["/other/DataLogs"]
    assert names(logGroupNamePattern="eta") == ["/svc/beta"]
    assert fails(logs.describe_log_groups, logGroupNamePrefix="/svc", logGroupNamePattern="a") == "InvalidParameterException"
    assert names(logGroupIdentifiers=["/svc/beta"]) == ["/svc/beta"]
    pages, token = [], None
    while True:
        page = logs.describe_log_groups(limit=2, **({"nextToken": token} if token else {}))
        pages.append([g["logGroupName"] for g in page["logGroups"]])
        token = page.get("nextToken")
        if not token:
            break
    assert [len(p) for p in pages] == [2, 2, 1]
    assert sum(pages, []) == sorted(sum(pages, []))
    assert fails(raw.describe_log_groups, limit=51) == "InvalidParameterException"
    assert fails(raw.describe_log_groups, limit=0) == "InvalidParameterException"
    logs.create_log_stream(logGroupName="/svc/alpha", logStreamName="s")
    put(logs, "/svc/alpha", "s", ["12345", "678"])
    [alpha] = logs.describe_log_groups(logGroupNamePrefix="/svc/alpha")["logGroups"]
    assert alpha["storedBytes"] == 8


# ---- log streams ---------------------------------------------------------------------------------------------------

# CreateLogStream: "can't contain ':' or '*'", 1 to 512 characters; the group must exist; names are unique in a group.
def test_create_and_delete_streams(logs, raw, account):
    assert fails(logs.create_log_stream, logGroupName="/none", logStreamName="s") == "ResourceNotFoundException"
    logs.create_log_group(logGroupName="/g")
    logs.create_log_stream(logGroupName="/g", logStreamName="2024/01/01/[$LATEST]abc")
    assert fails(logs.create_log_stream, logGroupName="/g", logStreamName="2024/01/01/[$LATEST]abc") == "ResourceAlreadyExistsException"
    assert fails(logs.create_log_stream, logGroupName="/g", logStreamName="a:b") == "InvalidParameterException"
    assert fails(logs.create_log_stream, logGroupName="/g", logStreamName="a*b") == "InvalidParameterException"
    assert fails(raw.create_log_stream, logGroupName="/g", logStreamName="s" * 513) == "InvalidParameterException"
    [stream] = logs.describe_log_streams(logGroupName="/g")["logStreams"]
    assert stream["arn"] == f"arn:aws:logs:us-east-1:{account}:log-group:/g:log-stream:2024/01/01/[$LATEST]abc"
    assert "firstEventTimestamp" not in stream and "lastIngestionTime" not in stream
    logs.delete_log_stream(logGroupName="/g", logStreamName="2024/01/01/[$LATEST]abc")
    assert logs.describe_log_streams(logGroupName="/g")["logStreams"] == []
    assert fails(logs.delete_log_stream, logGroupName="/g", logStreamName="gone") == "ResourceNotFoundException"
    assert fails(logs.delete_log_stream, logGroupName="/none", logStreamName="gone") == "ResourceNotFoundException"
    assert fails(logs.describe_log_streams, logGroupName="/none") == "ResourceNotFoundException"


# DescribeLogStreams: logStreamNamePrefix, orderBy LogStreamName | LastEventTime ("If you order the results by event
# time, you cannot specify the logStreamNamePrefix parameter"), descending, limit and nextToken; event timestamps.
def test_describe_streams_order_and_pages(logs):
    logs.create_log_group(logGroupName="/g")
    base = now_ms() - 600_000
    for i, name in enumerate(["b-stream", "a-stream", "c-stream"]):
        logs.create_log_stream(logGroupName="/g", logStreamName=name)
    put(logs, "/g", "a-stream", ["x"], start=base + 3000)
    put(logs, "/g", "b-stream", ["x", "y"], start=base + 1000, step=500)
    put(logs, "/g", "c-stream", ["x"], start=base + 2000)
    names = lambda **kw: [s["logStreamName"] for s in logs.describe_log_streams(logGroupName="/g", **kw)["logStreams"]]
    assert names() == ["a-stream", "b-stream", "c-stream"]
    assert names(descending=True) == ["c-stream", "b-stream", "a-stream"]
    assert names(orderBy="LastEventTime") == ["b-stream", "c-stream", "a-stream"]
    assert names(orderBy="LastEventTime", descending=True) == ["a-stream", "c-stream", "b-stream"]
    assert names(logStreamNamePrefix="b") == ["b-stream"]
    assert fails(logs.describe_log_streams, logGroupName="/g", orderBy="LastEventTime",
                 logStreamNamePrefix="b") == "InvalidParameterException"
    first = logs.describe_log_streams(logGroupName="/g", limit=2)
    assert len(first["logStreams"]) == 2 and first["nextToken"]
    rest = logs.describe_log_streams(logGroupName="/g", limit=2, nextToken=first["nextToken"])
    assert [s["logStreamName"] for s in rest["logStreams"]] == ["c-stream"] and "nextToken" not in rest
    [b] = logs.describe_log_streams(logGroupName="/g", logStreamNamePrefix="b-")["logStreams"]
    assert b["firstEventTimestamp"] == base + 1000 and b["lastEventTimestamp"] == base + 1500
    assert abs(b["lastIngestionTime"] - now_ms()) < 60_000


# ---- events --------------------------------------------------------------------------------------------------------

# PutLogEvents: sequence tokens are ignored ("PutLogEvents actions are always accepted and never return
# InvalidSequenceTokenException"); events "must be in chronological order by their timestamp".
def test_put_events_rules(logs):
    logs.create_log_group(logGroupName="/g")
    one = [{"timestamp": now_ms(), "message": "x"}]
    assert fails(logs.put_log_events, logGroupName="/g", logStreamName="missing", logEvents=one) == "ResourceNotFoundException"
    assert fails(logs.put_log_events, logGroupName="/missing", logStreamName="s", logEvents=one) == "ResourceNotFoundException"
    logs.create_log_stream(logGroupName="/g", logStreamName="s")
    answer = logs.put_log_events(logGroupName="/g", logStreamName="s", sequenceToken="bogus",
                                 logEvents=[{"timestamp": now_ms(), "message": "one"}])
    assert re.fullmatch(r"\d{56}", answer["nextSequenceToken"]) and "rejectedLogEventsInfo" not in answer
    t = now_ms()
    assert fails(logs.put_log_events, logGroupName="/g", logStreamName="s", logEvents=[
        {"timestamp": t, "message": "late"}, {"timestamp": t - 1000, "message": "early"}]) == "InvalidParameterException"
    # "A batch of log events in a single request cannot span more than 24 hours."
    assert fails(logs.put_log_events, logGroupName="/g", logStreamName="s", logEvents=[
        {"timestamp": t - 2 * DAY_MS, "message": "a"}, {"timestamp": t, "message": "b"}]) == "InvalidParameterException"


# PutLogEvents: "The maximum batch size is 1,048,576 bytes ... the sum of all event messages in UTF-8, plus 26 bytes
# for each log event"; "The maximum number of log events in a batch is 10,000".
def test_put_events_batch_limits(logs, raw):
    logs.create_log_group(logGroupName="/g")
    logs.create_log_stream(logGroupName="/g", logStreamName="s")
    t = now_ms()
    exact = [{"timestamp": t, "message": "x" * (1_048_576 // 2 - 26)} for _ in range(2)]
    logs.put_log_events(logGroupName="/g", logStreamName="s", logEvents=exact)
    over = [{"timestamp": t, "message": "x" * (1_048_576 // 2 - 25)} for _ in range(2)]
    assert fails(logs.put_log_events, logGroupName="/g", logStreamName="s", logEvents=over) == "InvalidParameterException"
    many = [{"timestamp": t, "message": "m"} for _ in range(10_000)]
    logs.put_log_events(logGroupName="/g", logStreamName="s", logEvents=many)
    too_many = many + [{"timestamp": t, "message": "m"}]
    assert fails(raw.put_log_events, logGroupName="/g", logStreamName="s", logEvents=too_many) == "InvalidParameterException"
    assert fails(raw.put_log_events, logGroupName="/g", logStreamName="s", logEvents=[]) == "InvalidParameterException"


# PutLogEvents: "Events more than 2 hours in the future are rejected while processing remaining valid events";
# "Events older than 14 days or preceding the log group's retention period are rejected"; RejectedLogEventsInfo.
def test_put_events_rejected_info(logs):
    logs.create_log_group(logGroupName="/g")
    logs.create_log_stream(logGroupName="/g", logStreamName="s")
    t = now_ms()
    events = [{"timestamp": t - 15 * DAY_MS, "message": "old"},
              {"timestamp": t - 1000, "message": "ok1"},
              {"timestamp": t, "message": "ok2"},
              {"timestamp": t + 3 * 3_600_000, "message": "new"}]
    info = logs.put_log_events(logGroupName="/g", logStreamName="s", logEvents=events)["rejectedLogEventsInfo"]
    assert info == {"tooOldLogEventEndIndex": 1, "tooNewLogEventStartIndex": 3}
    got = logs.get_log_events(logGroupName="/g", logStreamName="s", startFromHead=True)["events"]
    assert [e["message"] for e in got] == ["ok1", "ok2"]
    logs.put_retention_policy(logGroupName="/g", retentionInDays=1)
    info = logs.put_log_events(logGroupName="/g", logStreamName="s", logEvents=[
        {"timestamp": t - 2 * DAY_MS, "message": "expired"}, {"timestamp": t, "message": "kept"}])["rejectedLogEventsInfo"]
    assert info == {"expiredLogEventEndIndex": 1}


# GetLogEvents: startFromHead ("If the value is true, the earliest log events are returned first ... The default value
# is false"), limit, nextForwardToken / nextBackwardToken ("If you have reached the end of the stream, it returns the
# same token you passed in"), startTime (inclusive) and endTime (exclusive).
def test_get_events_with_tokens(logs):
    base = now_ms() - 600_000
    stream_with(logs, "/g", "s", [f"m{i}" for i in range(10)], start=base, step=1000)
    get = lambda **kw: logs.get_log_events(logGroupName="/g", logStreamName="s", **kw)
    messages = lambda page: [e["message"] for e in page["events"]]
    everything = get()
    assert messages(everything) == [f"m{i}" for i in range(10)]
    assert all(e["ingestionTime"] >= e["timestamp"] for e in everything["events"])
    head = get(startFromHead=True, limit=3)
    assert messages(head) == ["m0", "m1", "m2"]
    assert FORWARD.match(head["nextForwardToken"]) and BACKWARD.match(head["nextBackwardToken"])
    tail = get(limit=3)
    assert messages(tail) == ["m7", "m8", "m9"]
    seen, token = messages(head), head["nextForwardToken"]
    while True:
        page = get(startFromHead=True, limit=3, nextToken=token)
        if page["nextForwardToken"] == token:
            assert page["events"] == []
            break
        seen += messages(page)
        token = page["nextForwardToken"]
    assert seen == [f"m{i}" for i in range(10)]
    back = get(limit=3, nextToken=tail["nextBackwardToken"])
    assert messages(back) == ["m4", "m5", "m6"]
    assert messages(get(startTime=base + 2000, endTime=base + 5000, startFromHead=True)) == ["m2", "m3", "m4"]
    assert fails(logs.get_log_events, logGroupName="/g", logStreamName="s", nextToken="nonsense") == "InvalidParameterException"
    assert fails(logs.get_log_events, logGroupName="/g", logStreamName="nope") == "ResourceNotFoundException"


# GetLogEvents: events come back in time order even when batches arrived out of order (sequence tokens are gone and
# parallel PutLogEvents are allowed).
def test_get_events_orders_batches_by_time(logs):
    base = now_ms() - 600_000
    stream_with(logs, "/g", "s", ["late"], start=base + 5000)
    put(logs, "/g", "s", ["early"], start=base)
    events = logs.get_log_events(logGroupName="/g", logStreamName="s", startFromHead=True)["events"]
    assert [e["message"] for e in events] == ["early", "late"]


# ---- FilterLogEvents and the filter pattern language ------------------------------------------------------------------

MESSAGES = [
    "ERROR disk full on /dev/sda",
    "WARN memory low",
    "INFO started in 20 ms",
    "ERROR Exiting now",
    json.dumps({"level": "error", "latency": 150, "user": {"id": "alice"}}),
    json.dumps({"level": "info", "latency": 20, "user": {"id": "bob"}}),
    '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /a.gif HTTP/1.0" 404 1534',
    '10.0.0.2 - anna [10/Oct/2000:13:26:15 -0700] "GET /b.gif HTTP/1.0" 200 99',
]


# "Filter pattern syntax for metric filters, subscription filters, filter log events, and Live Tail": unstructured
# terms, `?` alternatives, `-` exclusions, quoted phrases, JSON selectors, and space-delimited fields.
@pytest.mark.parametrize("pattern, expected", [
    ("", MESSAGES),
    ("ERROR", [MESSAGES[0], MESSAGES[3]]),
    ("ERROR disk", [MESSAGES[0]]),
    ('"memory low"', [MESSAGES[1]]),
    ("?WARN ?Exiting", [MESSAGES[1], MESSAGES[3]]),
    ("ERROR -Exiting", [MESSAGES[0]]),
    ('{ $.level = "error" }', [MESSAGES[4]]),
    ("{ $.latency > 100 }", [MESSAGES[4]]),
    ('{ $.level = "info" && $.latency < 100 }', [MESSAGES[5]]),
    ('{ $.user.id = "alice" || $.user.id = "bob" }', [MESSAGES[4], MESSAGES[5]]),
    ('{ $.user.id = "al*" }', [MESSAGES[4]]),
    ("{ $.missing NOT EXISTS }", [MESSAGES[4], MESSAGES[5]]),
    ("[ip, id, user, timestamp, request, status_code=404, size]", [MESSAGES[6]]),
    ("[..., status=2*, size<1000]", [MESSAGES[7]]),
    ("[ip, ..., size>1000]", [MESSAGES[6]]),
    ("%mem[a-z]+ low%", [MESSAGES[1]]),
])
def test_filter_patterns(logs, pattern, expected):
    stream_with(logs, "/g", "s", MESSAGES)
    assert filtered(logs, "/g", filterPattern=pattern) == expected


# FilterLogEvents: logStreamNames or logStreamNamePrefix (not both), startTime/endTime, limit and nextToken, eventId;
# events from every stream interleaved in time order.
def test_filter_streams_time_and_pages(logs):
    base = now_ms() - 600_000
    stream_with(logs, "/g", "app-1", ["a0", "a1", "a2"], start=base, step=2000)
    logs.create_log_stream(logGroupName="/g", logStreamName="app-2")
    logs.create_log_stream(logGroupName="/g", logStreamName="web")
    put(logs, "/g", "app-2", ["b0", "b1"], start=base + 1000, step=2000)
    put(logs, "/g", "web", ["w0"], start=base + 500)
    assert filtered(logs, "/g") == ["a0", "w0", "b0", "a1", "b1", "a2"]
    assert filtered(logs, "/g", logStreamNames=["web", "app-2"]) == ["w0", "b0", "b1"]
    assert filtered(logs, "/g", logStreamNamePrefix="app-") == ["a0", "b0", "a1", "b1", "a2"]
    assert fails(logs.filter_log_events, logGroupName="/g", logStreamNames=["web"],
                 logStreamNamePrefix="app") == "InvalidParameterException"
    assert filtered(logs, "/g", startTime=base + 1000, endTime=base + 3000) == ["b0", "a1", "b1"]
    page = logs.filter_log_events(logGroupName="/g", limit=4)
    assert [e["message"] for e in page["events"]] == ["a0", "w0", "b0", "a1"]
    assert all(re.fullmatch(r"\d{56}", e["eventId"]) for e in page["events"])
    assert len({e["eventId"] for e in page["events"]}) == 4
    assert page["events"][1]["logStreamName"] == "web"
    rest = logs.filter_log_events(logGroupName="/g", limit=4, nextToken=page["nextToken"])
    assert [e["message"] for e in rest["events"]] == ["b1", "a2"] and "nextToken" not in rest
    assert fails(logs.filter_log_events, logGroupName="/g", filterPattern='{ $.x = ') == "InvalidParameterException"
    assert fails(logs.filter_log_events, logGroupName="/none") == "ResourceNotFoundException"
    arn = logs.describe_log_groups(logGroupNamePrefix="/g")["logGroups"][0]["logGroupArn"]
    by_arn = logs.filter_log_events(logGroupIdentifier=arn, logStreamNames=["web"])["events"]
    assert [e["message"] for e in by_arn] == ["w0"]


# TestMetricFilter: "Tests the filter pattern of a metric filter against a sample of log event messages"; the matches
# are numbered from 1 and carry the values the pattern extracts.
def test_test_metric_filter(logs, nimbus, account):
    lines = ['10.0.0.1 - - [t] "GET /" 404 12', '10.0.0.2 - - [t] "GET /" 200 99']
    answer = logs.test_metric_filter(filterPattern="[ip, id, user, time, request, status=404, size]", logEventMessages=lines)
    assert answer["matches"] == [{"eventNumber": 1, "eventMessage": lines[0], "extractedValues": {
        "$ip": "10.0.0.1", "$id": "-", "$user": "-", "$time": "t", "$request": "GET /", "$status": "404", "$size": "12"}}]
    out = nimbus.cli_json("logs", "test-metric-filter", "--filter-pattern", "{ $.latency > 100 }", "--log-event-messages",
                          '{"latency": 150}', '{"latency": 50}', env_extra={"AWS_ACCESS_KEY_ID": account})
    assert [(m["eventNumber"], m["extractedValues"]) for m in out["matches"]] == [(1, {"$.latency": "150"})]
    assert fails(logs.test_metric_filter, filterPattern='"unterminated', logEventMessages=["x"]) == "InvalidParameterException"


# PutMetricFilter / DescribeMetricFilters / DeleteMetricFilter (API Reference): the pattern must parse, up to three
# dimensions, a put with an existing name replaces the filter; DescribeLogGroups counts them (metricFilterCount).
def test_metric_filters(logs):
    logs.create_log_group(logGroupName="/g")
    transformation = {"metricName": "Errors", "metricNamespace": "App", "metricValue": "1", "unit": "Count"}
    logs.put_metric_filter(logGroupName="/g", filterName="errors", filterPattern="ERROR",
                           metricTransformations=[transformation])
    logs.put_metric_filter(logGroupName="/g", filterName="slow", filterPattern="{ $.latency > 100 }",
                           metricTransformations=[{**transformation, "metricName": "Slow", "metricValue": "$.latency",
                                                   "dimensions": {"Service": "$.service"}}])
    logs.put_metric_filter(logGroupName="/g", filterName="errors", filterPattern="?ERROR ?FATAL",
                           metricTransformations=[transformation])
    filters = logs.describe_metric_filters(logGroupName="/g")["metricFilters"]
    assert [(f["filterName"], f["filterPattern"]) for f in filters] == [("errors", "?ERROR ?FATAL"), ("slow", "{ $.latency > 100 }")]
    assert filters[1]["metricTransformations"][0]["dimensions"] == {"Service": "$.service"}
    assert [f["filterName"] for f in logs.describe_metric_filters(metricName="Slow", metricNamespace="App")["metricFilters"]] == ["slow"]
    assert [f["filterName"] for f in logs.describe_metric_filters(logGroupName="/g", filterNamePrefix="err")["metricFilters"]] == ["errors"]
    assert fails(logs.describe_metric_filters, metricName="Slow") == "InvalidParameterException"
    assert logs.describe_log_groups()["logGroups"][0]["metricFilterCount"] == 2
    assert fails(logs.put_metric_filter, logGroupName="/g", filterName="bad", filterPattern="{ $.x = ",
                 metricTransformations=[transformation]) == "InvalidParameterException"
    four = {**transformation, "dimensions": {f"d{i}": f"$.d{i}" for i in range(4)}}
    assert fails(logs.put_metric_filter, logGroupName="/g", filterName="dims", filterPattern="",
                 metricTransformations=[four]) == "InvalidParameterException"
    assert fails(logs.put_metric_filter, logGroupName="/none", filterName="x", filterPattern="",
                 metricTransformations=[transformation]) == "ResourceNotFoundException"
    logs.delete_metric_filter(logGroupName="/g", filterName="errors")
    assert fails(logs.delete_metric_filter, logGroupName="/g", filterName="errors") == "ResourceNotFoundException"
    logs.delete_log_group(logGroupName="/g")
    logs.create_log_group(logGroupName="/g")
    assert logs.describe_metric_filters(logGroupName="/g")["metricFilters"] == []


# PutSubscriptionFilter / DescribeSubscriptionFilters / DeleteSubscriptionFilter (API Reference); "CloudWatch Logs
# quotas": two subscription filters per log group.
def test_subscription_filters(logs, account):
    logs.create_log_group(logGroupName="/g")
    fn = f"arn:aws:lambda:us-east-1:{account}:function:ship"
    stream = f"arn:aws:kinesis:us-east-1:{account}:stream/logs"
    logs.put_subscription_filter(logGroupName="/g", filterName="to-lambda", filterPattern="ERROR", destinationArn=fn)
    logs.put_subscription_filter(logGroupName="/g", filterName="to-kinesis", filterPattern="", destinationArn=stream,
                                 roleArn=f"arn:aws:iam::{account}:role/cwl", distribution="Random")
    filters = logs.describe_subscription_filters(logGroupName="/g")["subscriptionFilters"]
    assert [(f["filterName"], f["destinationArn"], f["distribution"]) for f in filters] == [
        ("to-kinesis", stream, "Random"), ("to-lambda", fn, "ByLogStream")]
    assert fails(logs.put_subscription_filter, logGroupName="/g", filterName="third", filterPattern="",
                 destinationArn=fn) == "LimitExceededException"
    logs.put_subscription_filter(logGroupName="/g", filterName="to-lambda", filterPattern="WARN", destinationArn=fn)
    assert fails(logs.put_subscription_filter, logGroupName="/g", filterName="to-lambda", filterPattern="",
                 destinationArn="not-an-arn") == "InvalidParameterException"
    logs.delete_subscription_filter(logGroupName="/g", filterName="to-lambda")
    assert fails(logs.delete_subscription_filter, logGroupName="/g", filterName="to-lambda") == "ResourceNotFoundException"
    assert [f["filterName"] for f in logs.describe_subscription_filters(logGroupName="/g")["subscriptionFilters"]] == ["to-kinesis"]
    assert fails(logs.describe_subscription_filters, logGroupName="/none") == "ResourceNotFoundException"


# CreateLogGroup's deletionProtectionEnabled and PutLogGroupDeletionProtection: a protected group is not deleted.
def test_deletion_protection(logs):
    logs.create_log_group(logGroupName="/kept", deletionProtectionEnabled=True)
    assert logs.describe_log_groups()["logGroups"][0]["deletionProtectionEnabled"] is True
    assert fails(logs.delete_log_group, logGroupName="/kept") == "ValidationException"
    logs.put_log_group_deletion_protection(logGroupIdentifier="/kept", deletionProtectionEnabled=False)
    logs.delete_log_group(logGroupName="/kept")


# PutResourcePolicy / DescribeResourcePolicies / DeleteResourcePolicy (API Reference); "CloudWatch Logs quotas": 10
# resource policies per Region per account.
def test_resource_policies(logs):
    document = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "route53.amazonaws.com"},
        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]})
    answer = logs.put_resource_policy(policyName="route53", policyDocument=document)
    assert answer["resourcePolicy"]["policyName"] == "route53" and answer["resourcePolicy"]["policyScope"] == "ACCOUNT"
    [policy] = logs.describe_resource_policies()["resourcePolicies"]
    assert policy["policyDocument"] == document and policy["lastUpdatedTime"] > 0
    assert fails(logs.put_resource_policy, policyName="bad", policyDocument="{not json") == "InvalidParameterException"
    for i in range(9):
        logs.put_resource_policy(policyName=f"p{i}", policyDocument=document)
    assert fails(logs.put_resource_policy, policyName="eleventh", policyDocument=document) == "LimitExceededException"
    logs.put_resource_policy(policyName="route53", policyDocument=document)
    logs.delete_resource_policy(policyName="route53")
    assert fails(logs.delete_resource_policy, policyName="route53") == "ResourceNotFoundException"
    assert len(logs.describe_resource_policies()["resourcePolicies"]) == 9


# AssociateKmsKey / DisassociateKmsKey: the group's kmsKeyId as DescribeLogGroups shows it.
def test_kms_key_association(logs, account):
    key = f"arn:aws:kms:us-east-1:{account}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    logs.create_log_group(logGroupName="/g")
    logs.associate_kms_key(logGroupName="/g", kmsKeyId=key)
    assert logs.describe_log_groups()["logGroups"][0]["kmsKeyId"] == key
    logs.disassociate_kms_key(logGroupName="/g")
    assert "kmsKeyId" not in logs.describe_log_groups()["logGroups"][0]
    assert fails(logs.associate_kms_key, logGroupName="/none", kmsKeyId=key) == "ResourceNotFoundException"


# ---- retention ------------------------------------------------------------------------------------------------------

# PutRetentionPolicy: "Possible values are: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
# 2192, 2557, 2922, 3288, and 3653"; DeleteRetentionPolicy: "Log events do not expire if they belong to log groups
# without a retention policy."
def test_retention_values(logs):
    logs.create_log_group(logGroupName="/g")
    allowed = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]
    for days in allowed:
        logs.put_retention_policy(logGroupName="/g", retentionInDays=days)
        assert logs.describe_log_groups()["logGroups"][0]["retentionInDays"] == days
    for days in [0, 2, 4, 366, 3654, -1]:
        assert fails(logs.put_retention_policy, logGroupName="/g", retentionInDays=days) == "InvalidParameterException"
    logs.delete_retention_policy(logGroupName="/g")
    assert "retentionInDays" not in logs.describe_log_groups()["logGroups"][0]
    assert fails(logs.put_retention_policy, logGroupName="/none", retentionInDays=1) == "ResourceNotFoundException"
    assert fails(logs.delete_retention_policy, logGroupName="/none") == "ResourceNotFoundException"


# PutRetentionPolicy: events older than the retention period are deleted; reads stop returning them (Nimbus's clock
# moved forward two days past a one-day retention), and removing the policy does not bring them back.
def test_retention_expires_events(fresh_nimbus):
    server = fresh_nimbus()
    logs = server.client("logs")
    stream_with(logs, "/g", "s", ["kept?"])
    logs.put_retention_policy(logGroupName="/g", retentionInDays=1)
    assert len(logs.get_log_events(logGroupName="/g", logStreamName="s")["events"]) == 1
    status, _, _ = server.http("POST", "/_nimbus/clock", json.dumps({"advanceSeconds": 2 * 86400}).encode())
    assert status == 200
    assert logs.get_log_events(logGroupName="/g", logStreamName="s")["events"] == []
    assert logs.filter_log_events(logGroupName="/g")["events"] == []
    logs.delete_retention_policy(logGroupName="/g")
    assert logs.get_log_events(logGroupName="/g", logStreamName="s")["events"] == []
    # New events are kept, even ones dated before the expired ones once were (they arrived after the policy went).
    put(logs, "/g", "s", ["fresh", "late"], start=now_ms() + 2 * DAY_MS - 1000)
    put(logs, "/g", "s", ["backfill"], start=now_ms() - 60_000)
    got = logs.get_log_events(logGroupName="/g", logStreamName="s", startFromHead=True)["events"]
    assert [e["message"] for e in got] == ["backfill", "fresh", "late"]


# ---- tags -----------------------------------------------------------------------------------------------------------

# TagResource / UntagResource / ListTagsForResource (the log group's ARN) and the older TagLogGroup / UntagLogGroup /
# ListTagsLogGroup; "Tagging your Amazon CloudWatch Logs resources": up to 50 tags, `aws:` keys are reserved.
def test_tags(logs, account):
    logs.create_log_group(logGroupName="/g", tags={"a": "1"})
    arn = f"arn:aws:logs:us-east-1:{account}:log-group:/g"
    logs.tag_resource(resourceArn=arn, tags={"b": "2", "a": "one"})
    assert logs.list_tags_for_resource(resourceArn=arn)["tags"] == {"a": "one", "b": "2"}
    logs.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert logs.list_tags_for_resource(resourceArn=arn + ":*")["tags"] == {"b": "2"}
    logs.tag_log_group(logGroupName="/g", tags={"c": "3"})
    logs.untag_log_group(logGroupName="/g", tags=["b"])
    assert logs.list_tags_log_group(logGroupName="/g")["tags"] == {"c": "3"}
    assert fails(logs.tag_resource, resourceArn=arn, tags={"aws:x": "1"}) == "InvalidParameterException"
    assert fails(logs.tag_resource, resourceArn=arn, tags={f"k{i}": "v" for i in range(50)}) == "TooManyTagsException"
    missing = f"arn:aws:logs:us-east-1:{account}:log-group:/none"
    assert fails(logs.list_tags_for_resource, resourceArn=missing) == "ResourceNotFoundException"
    assert fails(logs.list_tags_log_group, logGroupName="/none") == "ResourceNotFoundException"
    assert fails(logs.tag_resource, resourceArn="not-an-arn", tags={"a": "b"}) == "InvalidParameterException"


# ---- enforcement ----------------------------------------------------------------------------------------------------

# "Actions, resources, and condition keys for Amazon CloudWatch Logs" (Service Authorization Reference): PutLogEvents
# acts on the log-stream resource `arn:aws:logs:REGION:ACCOUNT:log-group:GROUP:log-stream:STREAM`, DescribeLogStreams on
# the log group, so the usual `log-group:GROUP:*` grant covers the group and its streams and no other group.
def test_iam_policy_on_log_group_arn(nimbus, logs, account):
    iam = nimbus.client("iam", access_key=account)
    iam.create_user(UserName="writer")
    iam.put_user_policy(UserName="writer", PolicyName="logs", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["logs:PutLogEvents", "logs:CreateLogStream", "logs:DescribeLogStreams"],
                       "Resource": f"arn:aws:logs:us-east-1:{account}:log-group:/app:*"}]}))
    key = iam.create_access_key(UserName="writer")["AccessKey"]
    writer = nimbus.client("logs", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
    for group in ["/app", "/other"]:
        logs.create_log_group(logGroupName=group)
    writer.create_log_stream(logGroupName="/app", logStreamName="s")
    put(writer, "/app", "s", ["allowed"])
    logs.create_log_stream(logGroupName="/other", logStreamName="s")
    assert fails(writer.put_log_events, logGroupName="/other", logStreamName="s",
                 logEvents=[{"timestamp": now_ms(), "message": "denied"}]) == "AccessDeniedException"
    assert fails(writer.create_log_group, logGroupName="/new") == "AccessDeniedException"
    assert [s["logStreamName"] for s in writer.describe_log_streams(logGroupName="/app")["logStreams"]] == ["s"]
    assert fails(writer.describe_log_streams, logGroupName="/other") == "AccessDeniedException"


# ---- the AWS CLI ----------------------------------------------------------------------------------------------------

def test_cli_round_trip(nimbus, account):
    env = {"AWS_ACCESS_KEY_ID": account}
    nimbus.cli("logs", "create-log-group", "--log-group-name", "/cli/app", "--tags", "env=test", env_extra=env)
    nimbus.cli("logs", "create-log-stream", "--log-group-name", "/cli/app", "--log-stream-name", "main", env_extra=env)
    t = now_ms()
    events = json.dumps([{"timestamp": t, "message": "ERROR boom"}, {"timestamp": t + 1, "message": "INFO fine"}])
    nimbus.cli("logs", "put-log-events", "--log-group-name", "/cli/app", "--log-stream-name", "main",
               "--log-events", events, env_extra=env)
    got = nimbus.cli_json("logs", "get-log-events", "--log-group-name", "/cli/app", "--log-stream-name", "main",
                          "--start-from-head", env_extra=env)
    assert [e["message"] for e in got["events"]] == ["ERROR boom", "INFO fine"]
    hits = nimbus.cli_json("logs", "filter-log-events", "--log-group-name", "/cli/app", "--filter-pattern", "ERROR",
                           env_extra=env)
    assert [e["message"] for e in hits["events"]] == ["ERROR boom"]
    nimbus.cli("logs", "put-retention-policy", "--log-group-name", "/cli/app", "--retention-in-days", "7", env_extra=env)
    groups = nimbus.cli_json("logs", "describe-log-groups", env_extra=env)["logGroups"]
    assert [(g["logGroupName"], g["retentionInDays"]) for g in groups] == [("/cli/app", 7)]
    rc, _, err = nimbus.cli("logs", "put-retention-policy", "--log-group-name", "/cli/app", "--retention-in-days", "2",
                            check=False, env_extra=env)
    assert rc != 0 and "InvalidParameterException" in err
    nimbus.cli("logs", "delete-log-group", "--log-group-name", "/cli/app", env_extra=env)
    assert nimbus.cli_json("logs", "describe-log-groups", env_extra=env)["logGroups"] == []


# ---- persistence ----------------------------------------------------------------------------------------------------

# An acknowledged PutLogEvents survives a restart and a kill -9 (every write is committed before its answer).
def test_events_survive_restart_and_kill_9(fresh_nimbus):
    server = fresh_nimbus()
    logs = server.client("logs")
    stream_with(logs, "/keep", "s", ["first", "second"])
    logs.put_retention_policy(logGroupName="/keep", retentionInDays=30)
    logs.tag_log_group(logGroupName="/keep", tags={"k": "v"})
    server.restart()
    logs = server.client("logs")
    put(logs, "/keep", "s", ["third"])
    server.kill9()
    server.start()
    logs = server.client("logs")
    got = logs.get_log_events(logGroupName="/keep", logStreamName="s", startFromHead=True)["events"]
    assert [e["message"] for e in got] == ["first", "second", "third"]
    [group] = logs.describe_log_groups()["logGroups"]
    assert group["retentionInDays"] == 30 and group["storedBytes"] == len("firstsecondthird")
    assert logs.list_tags_log_group(logGroupName="/keep")["tags"] == {"k": "v"}
    logs.delete_log_group(logGroupName="/keep")
    server.restart()
    assert server.client("logs").describe_log_groups()["logGroups"] == []
