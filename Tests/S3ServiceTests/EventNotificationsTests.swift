import AWSWire
import Testing
@testable import S3Service

/// "Configuring event notifications using object key name filtering" and "Event message structure".
@Suite struct EventNotificationsTests {
    func subscription(_ events: [String], prefix: String? = nil, suffix: String? = nil) throws -> BucketNotifications.Subscription {
        var rules: [AWSValue] = []
        if let prefix { rules.append(["Name": "prefix", "Value": .string(prefix)]) }
        if let suffix { rules.append(["Name": "Suffix", "Value": .string(suffix)]) }
        let configuration: AWSValue = ["Events": .list(events.map(AWSValue.string)), "Filter": ["Key": ["FilterRules": .list(rules)]]]
        return try BucketNotifications.Subscription(id: "id", destination: "arn", configuration: configuration)
    }

    @Test func eventsMatchByTypeWildcardPrefixAndSuffix() throws {
        let uploads = try subscription(["s3:ObjectCreated:*"], prefix: "uploads/", suffix: ".jpg")
        #expect(uploads.matches(event: "ObjectCreated:Put", key: "uploads/a.jpg"))
        #expect(uploads.matches(event: "ObjectCreated:CompleteMultipartUpload", key: "uploads/b/c.jpg"))
        #expect(!uploads.matches(event: "ObjectRemoved:Delete", key: "uploads/a.jpg"))
        #expect(!uploads.matches(event: "ObjectCreated:Put", key: "uploads/a.JPG"))
        #expect(!uploads.matches(event: "ObjectCreated:Put", key: "other/a.jpg"))
    }

    @Test func overlappingFiltersForOneEventTypeAreAmbiguous() throws {
        #expect(try subscription(["s3:ObjectCreated:*"], prefix: "a/").overlaps(subscription(["s3:ObjectCreated:Put"], prefix: "a/b/")))
        #expect(try !subscription(["s3:ObjectCreated:*"], prefix: "a/", suffix: ".jpg")
            .overlaps(subscription(["s3:ObjectCreated:*"], prefix: "a/", suffix: ".png")))
        #expect(try !subscription(["s3:ObjectCreated:*"]).overlaps(subscription(["s3:ObjectRemoved:*"])))
        #expect(throws: AWSError.self) { try subscription(["s3:ObjectCreated:Bogus"]) }
    }

    @Test func keysAreFormEncodedAndSequencersOrdered() {
        #expect(EventNotifications.encodedKey("uploads/my photo (1).jpg") == "uploads/my+photo+%281%29.jpg")
        let earlier = EventNotifications.sequencer(.init(timeIntervalSince1970: 1_796_000_000))
        let later = EventNotifications.sequencer(.init(timeIntervalSince1970: 1_796_000_000.5))
        #expect(earlier.count == 16 && earlier < later)
    }
}
