import AWSWire
import NimbusCore

/// Describe calls for resources Nimbus does not model yet (VPC endpoints, prefix lists, flow logs, VPN and
/// transit gateways): they answer an empty list, as for an account that has none, so tools that list
/// everything (Terraform, the console's scripts) keep working.
enum NotYetModelled {
    static let emptyDescribes: [String: String] = [
        "DescribeVpcEndpoints": "VpcEndpoints",
        "DescribeVpcEndpointServiceConfigurations": "ServiceConfigurations",
        "DescribePrefixLists": "PrefixLists",
        "DescribeFlowLogs": "FlowLogs",
        "DescribeVpnGateways": "VpnGateways",
        "DescribeCustomerGateways": "CustomerGateways",
        "DescribeVpnConnections": "VpnConnections",
        "DescribeTransitGateways": "TransitGateways",
        "DescribeTransitGatewayAttachments": "TransitGatewayAttachments",
        "DescribeCarrierGateways": "CarrierGateways",
        "DescribeNetworkInterfacePermissions": "NetworkInterfacePermissions",
    ]

    static func handlers() -> [String: OperationHandler] {
        emptyDescribes.mapValues { member in
            { input, _ in
                _ = try EC2Filters(input["Filters"] ?? input["Filter"])
                return [member: []]
            }
        }
    }
}
