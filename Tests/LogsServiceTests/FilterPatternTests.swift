import Foundation
import NimbusCore
import State
import Testing
@testable import LogsService

/// "Filter pattern syntax for metric filters, subscription filters, filter log events, and Live Tail"
/// (Amazon CloudWatch Logs User Guide): unstructured terms, JSON patterns and space-delimited patterns.
@Suite struct FilterPatternTests {
    func matches(_ pattern: String, _ message: String) throws -> Bool {
        try FilterPattern(pattern).matches(message)
    }

    @Test func emptyPatternMatchesEverything() throws {
        #expect(try matches("", "anything"))
        #expect(try matches("   ", ""))
    }

    // "Matching terms in unstructured log events": terms are case-sensitive; every term must appear.
    @Test func unstructuredTerms() throws {
        #expect(try matches("ERROR", "[ERROR] disk full"))
        #expect(try !matches("ERROR", "[error] disk full"))
        #expect(try matches("ERROR disk", "[ERROR] disk full"))
        #expect(try !matches("ERROR memory", "[ERROR] disk full"))
    }

    @Test func quotedPhrase() throws {
        #expect(try matches("\"disk full\"", "[ERROR] disk full"))
        #expect(try !matches("\"full disk\"", "[ERROR] disk full"))
        #expect(try matches("\"[ERROR]\" full", "[ERROR] disk full"))
    }

    // "?ERROR ?WARN": any of the terms.
    @Test func orTerms() throws {
        #expect(try matches("?ERROR ?WARN", "WARN low memory"))
        #expect(try matches("?ERROR ?WARN", "ERROR crash"))
        #expect(try !matches("?ERROR ?WARN", "INFO started"))
    }

    // "ERROR -Exiting": the term after `-` must not appear.
    @Test func exclusion() throws {
        #expect(try matches("ERROR -Exiting", "ERROR crash"))
        #expect(try !matches("ERROR -Exiting", "ERROR Exiting now"))
        #expect(try !matches("ERROR -\"disk full\"", "ERROR disk full"))
    }

    @Test func unterminatedQuoteIsInvalid() {
        #expect(throws: FilterPatternError.self) { try FilterPattern("\"oops") }
    }

    // "Using filter patterns to match terms in JSON log events".
    @Test func jsonStringEquality() throws {
        let message = #"{"level": "error", "user": {"id": "alice"}, "tags": ["a", "b"]}"#
        #expect(try matches(#"{ $.level = "error" }"#, message))
        #expect(try !matches(#"{ $.level = "info" }"#, message))
        #expect(try matches(#"{ $.level != "info" }"#, message))
        #expect(try matches(#"{ $.user.id = "alice" }"#, message))
        #expect(try matches(#"{ $.tags[1] = "b" }"#, message))
        #expect(try matches(#"{ $.level = err* }"#, message))
        #expect(try matches(#"{ $.level = "*rro*" }"#, message))
        #expect(try !matches(#"{ $.missing = "x" }"#, message))
    }

    @Test func jsonNumbers() throws {
        let message = #"{"latency": 150, "ratio": 0.25, "code": 404}"#
        #expect(try matches("{ $.latency > 100 }", message))
        #expect(try !matches("{ $.latency < 100 }", message))
        #expect(try matches("{ $.latency >= 150 }", message))
        #expect(try matches("{ $.ratio <= 0.5 }", message))
        #expect(try matches("{ $.code = 404 }", message))
        #expect(try matches("{ $.code != 200 }", message))
    }

    @Test func jsonAndOrParentheses() throws {
        let message = #"{"level": "error", "latency": 150}"#
        #expect(try matches(#"{ $.level = "error" && $.latency > 100 }"#, message))
        #expect(try !matches(#"{ $.level = "error" && $.latency > 200 }"#, message))
        #expect(try matches(#"{ $.level = "info" || $.latency > 100 }"#, message))
        #expect(try matches(#"{ ($.level = "info" || $.level = "error") && $.latency > 100 }"#, message))
        #expect(try !matches(#"{ ($.level = "info" || $.level = "warn") && $.latency > 100 }"#, message))
    }

    @Test func jsonNullExistsBooleans() throws {
        let message = #"{"error": null, "ok": true, "retry": false}"#
        #expect(try matches("{ $.error IS NULL }", message))
        #expect(try !matches("{ $.ok IS NULL }", message))
        #expect(try matches("{ $.absent NOT EXISTS }", message))
        #expect(try !matches("{ $.error NOT EXISTS }", message))
        #expect(try matches("{ $.ok IS TRUE }", message))
        #expect(try matches("{ $.retry IS FALSE }", message))
    }

    @Test func jsonPatternNeverMatchesText() throws {
        #expect(try !matches(#"{ $.level = "error" }"#, "level=error"))
    }

    @Test func invalidJSONPatterns() {
        #expect(throws: FilterPatternError.self) { try FilterPattern("{ $.level = ") }
        #expect(throws: FilterPatternError.self) { try FilterPattern("{ level = \"x\" }") }
        #expect(throws: FilterPatternError.self) { try FilterPattern("{ $.level = \"x\" ") }
    }

    // "Using filter patterns to match terms in space-delimited log events".
    @Test func spaceDelimited() throws {
        let line = #"127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 1534"#
        #expect(DelimitedField.split(line).count == 7)
        #expect(try matches("[ip, id, user, timestamp, request, status_code, size]", line))
        #expect(try matches("[ip, id, user, timestamp, request, status_code=404, size]", line))
        #expect(try !matches("[ip, id, user, timestamp, request, status_code=200, size]", line))
        #expect(try matches("[ip, id, user, timestamp, request, status_code = 4*, size > 1000]", line))
        #expect(try !matches("[ip, id, user, timestamp, request, status_code, size > 2000]", line))
        #expect(try matches("[ip=127.0.0.1, ...]", line))
        #expect(try matches("[..., status=404, size>1000]", line))
        #expect(try matches("[ip, ..., size]", line))
        #expect(try matches(#"[ip, id, user=frank, timestamp, request="GET /apache_pb.gif HTTP/1.0", ...]"#, line))
        #expect(try matches("[..., status=200 || status=404, size]", line))
        #expect(try matches("[..., status!=200, size]", line))
        // Field counts must agree unless `...` takes the rest.
        #expect(try !matches("[ip, id, user]", line))
    }

    // TestMetricFilter's extractedValues: `$name` for space-delimited fields, the selector for JSON.
    @Test func extractedValues() throws {
        let line = #"127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /a.gif HTTP/1.0" 404 1534"#
        let values = try FilterPattern("[ip, id, user, ..., status=404, size]").extractedValues(line)
        #expect(values == ["$ip": "127.0.0.1", "$id": "-", "$user": "frank", "$status": "404", "$size": "1534"])
        #expect(try FilterPattern("[ip, ..., status=200, size]").extractedValues(line) == nil)
        let json = #"{"level": "error", "latency": 150}"#
        #expect(try FilterPattern(#"{ $.level = "error" && $.latency > 100 }"#).extractedValues(json)
            == ["$.level": "error", "$.latency": "150"])
        #expect(try FilterPattern("ERROR").extractedValues("ERROR x") == [:])
    }

    @Test func wildcard() {
        #expect(Wildcard.matches("a*c", "abbbc"))
        #expect(Wildcard.matches("*", ""))
        #expect(!Wildcard.matches("a*c", "abd"))
        #expect(Wildcard.matches("*b*", "abc"))
    }
}

/// The log directory Lambda writes through, and the storage of events one batch per append.
@Suite struct LogDirectoryTests {
    @Test func appendCreatesGroupAndStreamAndKeepsTimeOrder() throws {
        let store = Store(journal: MemoryJournal())
        store.register(LogsProvider().resourceTypes)
        let directory = CloudWatchLogsDirectory(store: store, clock: NimbusClock())
        directory.append([LogEventRecord(timestamp: 20, message: "b")], group: "/aws/lambda/f", stream: "s", account: "111122223333", region: "us-east-1")
        directory.append([LogEventRecord(timestamp: 30, message: "c"), LogEventRecord(timestamp: 10, message: "a")],
                         group: "/aws/lambda/f", stream: "s", account: "111122223333", region: "us-east-1")
        let partition = Partition(account: "111122223333", region: "us-east-1")
        let (stream, messages, batches) = try store.read { view -> (LogStream, [String], Int) in
            let stream = try #require(view.get(LogStream.self, "/aws/lambda/f:s", in: partition))
            #expect(view.get(LogGroup.self, "/aws/lambda/f", in: partition) != nil)
            let events = EventStore.events(of: stream, view, partition, expiry: nil)
            return (stream, events.map(\.message), view.all(LogEventBatch.self, in: partition).count)
        }
        #expect(messages == ["a", "b", "c"])
        #expect(batches == 2)
        #expect(stream.firstEvent == 10 && stream.lastEvent == 30 && stream.events == 3)
    }

    // Acknowledged appends are in the journal: a store loaded again from the same SQLite file has them.
    @Test func appendsSurviveReload() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nimbus-logs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        func open() throws -> Store {
            let store = Store(journal: try SQLiteJournal(directory: directory))
            store.register(LogsProvider().resourceTypes)
            try store.load()
            return store
        }
        let logs = CloudWatchLogsDirectory(store: try open(), clock: NimbusClock())
        for i in 0..<3 {
            logs.append([LogEventRecord(timestamp: Int64(i), message: "line \(i)")], group: "/aws/lambda/f", stream: "s",
                        account: "111122223333", region: "eu-west-1")
        }
        let reloaded = try open()
        let partition = Partition(account: "111122223333", region: "eu-west-1")
        let messages = try reloaded.read { view -> [String] in
            let stream = try #require(view.get(LogStream.self, "/aws/lambda/f:s", in: partition))
            return EventStore.events(of: stream, view, partition, expiry: nil).map(\.message)
        }
        #expect(messages == ["line 0", "line 1", "line 2"])
    }

    // Retention: batches whose every event has outlived the group's retention are removed on the next append.
    @Test func expiredBatchesArePurged() throws {
        let store = Store(journal: MemoryJournal())
        store.register(LogsProvider().resourceTypes)
        let partition = Partition(account: "111122223333", region: "us-east-1")
        try store.write { tx in
            tx.put(LogGroup(name: "/g", created: 0, retentionInDays: 1, logGroupClass: "STANDARD"), id: "/g", in: partition)
        }
        let logs = CloudWatchLogsDirectory(store: store, clock: NimbusClock())
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        logs.append([LogEventRecord(timestamp: now - 3 * EventStore.day, message: "old")], group: "/g", stream: "s",
                    account: partition.account, region: partition.region)
        logs.append([LogEventRecord(timestamp: now, message: "new")], group: "/g", stream: "s",
                    account: partition.account, region: partition.region)
        let (stream, batches) = try store.read { view -> (LogStream, Int) in
            (try #require(view.get(LogStream.self, "/g:s", in: partition)), view.all(LogEventBatch.self, in: partition).count)
        }
        #expect(batches == 1 && stream.firstBatch == 2 && stream.bytes == 3)
    }

    @Test func eventIdsAreFiftySixDigits() {
        let id = EventStore.eventId(stream: "s", number: 7)
        #expect(id.count == 56 && id.allSatisfy(\.isNumber) && id.hasSuffix("7"))
    }
}

/// "Using regular expressions in filter patterns": a term between `%` signs is a regular expression.
@Suite struct RegexTermTests {
    @Test func regexTerms() throws {
        #expect(try FilterPattern("%ERR[0-9]+%").matches("code ERR42 raised"))
        #expect(try !FilterPattern("%ERR[0-9]+%").matches("code ERR raised"))
        #expect(try FilterPattern("?%WARN% ?%FATAL%").matches("FATAL: stop"))
        #expect(try FilterPattern("%mem[a-z]+ low% WARN").matches("WARN memory low"))
        #expect(throws: FilterPatternError.self) { try FilterPattern("%[unclosed%") }
    }
}
