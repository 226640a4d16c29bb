// swift-tools-version:6.1
// Time per analysis of the NetworkModel reachability analyzer on a large synthetic Region, built in release mode
// against the main package:
//
//     cd benchmarks/reachability && swift run -c release ReachabilityBenchmark [iterations]
import PackageDescription

let package = Package(
    name: "reachability-benchmark",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "nimbus", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "ReachabilityBenchmark",
            dependencies: [.product(name: "NetworkModel", package: "nimbus")]
        ),
    ]
)
