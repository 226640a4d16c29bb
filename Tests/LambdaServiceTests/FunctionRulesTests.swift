import AWSWire
import Foundation
import Testing
@testable import LambdaService

@Suite struct FunctionRulesTests {
    // "Lambda runtimes"
    @Test func runtimeFamilies() {
        #expect(FunctionRules.family(of: "python3.12") == .python)
        #expect(FunctionRules.family(of: "nodejs20.x") == .node)
        #expect(FunctionRules.family(of: "provided.al2023") == .provided)
        #expect(FunctionRules.family(of: "java21") == nil)
    }

    // "Runtime deprecation": creating functions on a deprecated runtime is blocked.
    @Test func deprecatedRuntimesAreRefused() {
        #expect(throws: AWSError.self) { try FunctionRules.checkRuntime("python2.7") }
        #expect(throws: Never.self) { try FunctionRules.checkRuntime("python3.13") }
    }

    @Test func handlerFormat() {
        #expect(FunctionRules.handlerParts("app.handler")! == ("app", "handler"))
        #expect(FunctionRules.handlerParts("src/app.main")! == ("src/app", "main"))
        #expect(FunctionRules.handlerParts("handler") == nil)
        #expect(FunctionRules.handlerParts(".handler") == nil)
        #expect(FunctionRules.handlerParts("app.") == nil)
    }

    // "Lambda quotas": timeout up to 900 seconds, memory up to 10,240 MB, 4 KB of environment variables.
    @Test func limits() {
        #expect(throws: AWSError.self) { try FunctionRules.checkTimeout(901) }
        #expect(throws: Never.self) { try FunctionRules.checkTimeout(900) }
        #expect(throws: AWSError.self) { try FunctionRules.checkMemory(10241) }
        #expect(throws: AWSError.self) { try FunctionRules.checkEnvironment(["BIG": String(repeating: "x", count: 4100)]) }
        #expect(throws: Never.self) { try FunctionRules.checkEnvironment(["SMALL": "x"]) }
    }

    // "Defined runtime environment variables": reserved keys cannot be set.
    @Test func reservedVariables() {
        #expect(throws: AWSError.self) { try FunctionRules.checkEnvironment(["AWS_REGION": "eu-west-1"]) }
        #expect(throws: AWSError.self) { try FunctionRules.checkEnvironment(["1BAD": "x"]) }
    }

    @Test func functionReferences() throws {
        let plain = try FunctionReference("my-fn")
        #expect(plain.name == "my-fn" && plain.qualifier == nil)
        let arn = try FunctionReference("arn:aws:lambda:us-east-1:123456789012:function:my-fn:prod")
        #expect(arn.name == "my-fn" && arn.qualifier == "prod")
        let partial = try FunctionReference("123456789012:function:my-fn", qualifier: "3")
        #expect(partial.name == "my-fn" && partial.qualifier == "3")
        #expect(throws: AWSError.self) { try FunctionReference("my-fn:1", qualifier: "2") }
    }
}

@Suite struct AliasRoutingTests {
    // "Implement Lambda canary deployments using a weighted alias"
    @Test func weightsSplitDraws() {
        let alias = FunctionAlias(name: "live", functionVersion: "1", description: "", weights: ["2": 0.25], revisionId: "r")
        #expect(AliasRouting.version(for: alias, draw: 0.1) == "2")
        #expect(AliasRouting.version(for: alias, draw: 0.3) == "1")
        let draws = (0..<1000).map { Double($0) / 1000 }
        let share = Double(draws.filter { AliasRouting.version(for: alias, draw: $0) == "2" }.count) / 1000
        #expect(abs(share - 0.25) < 0.01)
    }

    @Test func unweightedAliasAlwaysPrimary() {
        let alias = FunctionAlias(name: "live", functionVersion: "4", description: "", weights: [:], revisionId: "r")
        #expect(AliasRouting.version(for: alias, draw: 0.99) == "4")
    }
}

@Suite struct InvocationLogTests {
    @Test func reportLineAndTail() {
        let log = InvocationLog(requestId: "id-1", version: "$LATEST", output: "hello\n", extraLine: nil, duration: .milliseconds(12),
                                memorySize: 128, maxMemoryUsed: 30, initDuration: .milliseconds(80))
        #expect(log.lines.first == "START RequestId: id-1 Version: $LATEST")
        #expect(log.lines[1] == "hello")
        #expect(log.lines.last == "REPORT RequestId: id-1\tDuration: 12.00 ms\tBilled Duration: 12 ms\tMemory Size: 128 MB\tMax Memory Used: 30 MB\tInit Duration: 80.00 ms")
        let long = InvocationLog(requestId: "id-2", version: "1", output: String(repeating: "x", count: 10_000), extraLine: nil,
                                 duration: .zero, memorySize: 128, maxMemoryUsed: 1, initDuration: nil)
        #expect(Data(base64Encoded: long.tail)?.count == InvocationLog.tailBytes)
    }
}
