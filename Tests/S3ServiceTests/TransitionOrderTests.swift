import AWSWire
import Testing
@testable import S3Service

/// "Transitioning objects using Amazon S3 Lifecycle": the waterfall of storage classes and the days between steps.
@Suite struct TransitionOrderTests {
    func transitions(_ steps: [(String, Int)]) -> [AWSValue] {
        steps.map { ["StorageClass": .string($0.0), "Days": .int($0.1)] }
    }

    func problem(_ steps: [(String, Int)]) -> String? {
        do {
            try TransitionOrder.check(transitions(steps), daysField: "Days", action: "Transition", filter: "(prefix=)")
            return nil
        } catch let error as AWSError {
            return error.code
        } catch {
            return "\(error)"
        }
    }

    @Test func theWaterfallIsAccepted() {
        #expect(problem([("STANDARD_IA", 30), ("INTELLIGENT_TIERING", 40), ("GLACIER_IR", 50), ("GLACIER", 140), ("DEEP_ARCHIVE", 230)]) == nil)
        #expect(problem([("ONEZONE_IA", 30), ("GLACIER", 60)]) == nil)
        #expect(problem([("GLACIER", 0)]) == nil)
    }

    @Test func backwardsSameDayAndTooCloseAreRefused() {
        #expect(problem([("GLACIER", 30), ("STANDARD_IA", 60)]) == "InvalidArgument")
        #expect(problem([("STANDARD_IA", 30), ("GLACIER", 30)]) == "InvalidArgument")
        #expect(problem([("STANDARD_IA", 30), ("ONEZONE_IA", 59)]) == "InvalidArgument")
        #expect(problem([("GLACIER", 10), ("DEEP_ARCHIVE", 99)]) == "InvalidArgument")
        #expect(problem([("GLACIER", 10), ("GLACIER", 200)]) == "InvalidRequest")
        #expect(TransitionOrder.gap(from: "GLACIER", to: "DEEP_ARCHIVE") == 90)
        #expect(TransitionOrder.gap(from: "STANDARD_IA", to: "INTELLIGENT_TIERING") == 0)
    }
}
