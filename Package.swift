// swift-tools-version:6.1
import PackageDescription

// Every target builds in Swift 6 language mode (strict concurrency).
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "nimbus",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "nimbus", targets: ["nimbus"]),
        .library(name: "PolicyEngine", targets: ["PolicyEngine"]),
        .library(name: "NetworkModel", targets: ["NetworkModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        // Already in the graph through Hummingbird; named for the `Expect: 100-continue` channel handler.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.27.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.3.0"),
    ],
    targets: [
        // The trimmed botocore models, embedded as string literals (one binary, no resource bundle).
        .target(name: "AWSModels", swiftSettings: strict),
        // Protocols on the wire: models, codecs, validation, AWS errors, SigV4. Knows no service.
        .target(
            name: "AWSWire",
            dependencies: [
                "AWSModels",
                "CZlib",
                "CChecksums",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // The IAM policy language: parse, validate, evaluate. Pure: no Nimbus state, no dependencies.
        .target(name: "PolicyEngine", swiftSettings: strict),
        // IP addresses, CIDR blocks and the VPC/subnet address rules. Pure: no dependencies.
        .target(name: "NetworkModel", swiftSettings: strict),
        // Accounts, regions and zones, ARNs, IDs, clock, principals, the service interface.
        .target(
            name: "NimbusCore",
            dependencies: ["AWSWire", "State", "PolicyEngine", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // The store: typed state in memory, journaled to SQLite.
        .target(
            name: "State",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift"), .product(name: "Collections", package: "swift-collections")],
            swiftSettings: strict
        ),
        // One target per AWS service.
        .target(name: "STSService", dependencies: ["NimbusCore", "State", "PolicyEngine"], path: "Sources/Services/STS", swiftSettings: strict),
        .target(name: "IAMService", dependencies: ["NimbusCore", "State", "PolicyEngine"], path: "Sources/Services/IAM", swiftSettings: strict),
        .target(name: "EC2Service", dependencies: ["NimbusCore", "State", "NetworkModel", .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto")], path: "Sources/Services/EC2", swiftSettings: strict),
        .target(name: "SSMService", dependencies: ["NimbusCore", "State", "EC2Service"], path: "Sources/Services/SSM", swiftSettings: strict),
        .target(name: "S3Service", dependencies: ["NimbusCore", "State", "PolicyEngine", .product(name: "Crypto", package: "swift-crypto")], path: "Sources/Services/S3", swiftSettings: strict),
        // Organizations makes OrganizationAccountAccessRole in new accounts through IAM's CrossAccountRoles.
        .target(name: "OrganizationsService", dependencies: ["NimbusCore", "State", "PolicyEngine", "IAMService"], path: "Sources/Services/Organizations", swiftSettings: strict),
        // zlib (Debian's zlib1g-dev), for Lambda's zip reader: inflate only.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // CRC-32 and CRC-32C with the CPU's carry-less multiply and crc32 instructions (S3 checks them on every upload).
        .target(name: "CChecksums", path: "Sources/CChecksums"),
        // Lambda runs functions as local processes speaking the Runtime API, served by a small NIO server each.
        .target(
            name: "LambdaService",
            dependencies: [
                "NimbusCore", "State", "PolicyEngine", "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Sources/Services/Lambda", swiftSettings: strict),
        // CloudWatch Logs: groups, streams, events, the filter pattern language, and the log directory Lambda writes to.
        .target(name: "LogsService", dependencies: ["NimbusCore", "State", "AWSWire"], path: "Sources/Services/Logs", swiftSettings: strict),
        // The HTTP application: routing, authentication, Nimbus's own endpoints.
        .target(
            name: "NimbusServer",
            dependencies: [
                "AWSWire", "NimbusCore", "State", "PolicyEngine", "STSService", "IAMService", "EC2Service", "SSMService", "OrganizationsService", "S3Service", "LogsService",
                "LambdaService",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "nimbus",
            dependencies: [
                "NimbusServer",
                "PolicyEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "AWSWireTests", dependencies: ["AWSWire"], swiftSettings: strict),
        .testTarget(name: "PolicyEngineTests", dependencies: ["PolicyEngine"], swiftSettings: strict),
        .testTarget(name: "NetworkModelTests", dependencies: ["NetworkModel"], swiftSettings: strict),
        .testTarget(name: "NimbusCoreTests", dependencies: ["NimbusCore"], swiftSettings: strict),
        .testTarget(name: "StateTests", dependencies: ["State", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(name: "LambdaServiceTests", dependencies: ["LambdaService", "AWSWire"], swiftSettings: strict),
        .testTarget(name: "LogsServiceTests", dependencies: ["LogsService", "State", "NimbusCore"], swiftSettings: strict),
        .testTarget(name: "OrganizationsServiceTests", dependencies: ["OrganizationsService"], swiftSettings: strict),
        .testTarget(name: "S3ServiceTests", dependencies: ["S3Service", "PolicyEngine"], swiftSettings: strict),
        .testTarget(
            name: "EC2ServiceTests",
            dependencies: [
                "EC2Service", "AWSWire",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
    ]
)
