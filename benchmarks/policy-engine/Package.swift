// swift-tools-version:6.1
// Decisions per second of the PolicyEngine library, built in release mode against the main package:
//
//     cd benchmarks/policy-engine && swift run -c release PolicyEngineBenchmark [seconds]
import PackageDescription

let package = Package(
    name: "policy-engine-benchmark",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "nimbus", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "PolicyEngineBenchmark",
            dependencies: [.product(name: "PolicyEngine", package: "nimbus")]
        ),
    ]
)
