#!/usr/bin/env python3
"""Regenerate the catalogue of AWS managed IAM policies compiled into Nimbus.

Nimbus answers for the AWS managed policies users expect to attach
(`arn:aws:iam::aws:policy/...`) with their real policy documents. The
documents, paths, default version ids and dates come from moto's dump of every
AWS managed policy (moto/iam/aws_managed_policies.py in the installed moto,
itself taken from IAM's ListPolicies/GetPolicyVersion). A policy moto lacks can
be supplied as a JSON file in scripts/data/managed-policies/ (see its README);
when both have a policy, the one with the later UpdateDate wins.

What moto does not carry is kept here, next to the selection:
  - the description (IAM's GetPolicy "Description", as published by AWS; taken
    from the udondan/iam-floyd generated AwsManagedPolicy list), and
  - the policy id (IAM's "PolicyId", which never changes for a policy; taken
    from real ListPolicies/GetPolicy output stored in tenchi-security/camp and
    wallix/awless). A policy without a known id gets a stable made-up one
    ("ANPA" + 17 base32 characters derived from its ARN).

Document text: moto stores each document parsed with its keys sorted, so the
author's whitespace and key order are gone. The generator writes compact JSON
with the keys in IAM's usual order (Version, Id, Statement; Sid, Effect,
Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition);
every value, list order and string/list shape is AWS's own.

Output: Sources/Services/IAM/ManagedPolicies/AWSManagedPolicies.swift, one
binary with no resource bundle.

Usage: python3 scripts/regenerate-managed-policies.py
Adding a policy: add a (name, description) line to CATALOGUE (and its id to
POLICY_IDS if known), then run the script.
"""
import base64
import hashlib
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "scripts" / "data" / "managed-policies"
OUT_FILE = ROOT / "Sources" / "Services" / "IAM" / "ManagedPolicies" / "AWSManagedPolicies.swift"

# (name, description) in catalogue order; the descriptions are AWS's own.
CATALOGUE = [
    # Job functions and account-wide access
    ("AdministratorAccess", "Provides full access to AWS services and resources."),
    ("PowerUserAccess", "Provides full access to AWS services and resources, but does not allow management of Users and groups."),
    ("ReadOnlyAccess", "Provides read-only access to AWS services and resources."),
    ("ViewOnlyAccess", "This policy grants permissions to view resources and basic metadata across all AWS services."),
    ("SecurityAudit", "The security audit template grants access to read security configuration metadata. It is useful for software that audits the configuration of an AWS account."),
    ("Billing", "Grants permissions for billing and cost management. This includes viewing account usage and viewing and modifying budgets and payment methods."),
    ("SystemAdministrator", "Grants full access permissions necessary for resources required for application and development operations."),
    ("DatabaseAdministrator", "Grants full access permissions to AWS services and actions required to set up and configure AWS database services."),
    ("NetworkAdministrator", "Grants full access permissions to AWS services and actions required to set up and configure AWS network resources."),
    ("DataScientist", "Grants permissions to AWS data analytics services."),
    ("SupportUser", "This policy grants permissions to troubleshoot and resolve issues in an AWS account. This policy also enables the user to contact AWS support to create and manage cases."),
    ("AWSSupportAccess", "Allows users to access the AWS Support Center."),
    # IAM, Organizations, identity
    ("IAMFullAccess", "Provides full access to IAM via the AWS Management Console."),
    ("IAMReadOnlyAccess", "Provides read only access to IAM via the AWS Management Console."),
    ("IAMUserChangePassword", "Provides the ability for an IAM user to change their own password."),
    ("IAMUserSSHKeys", "Provides the ability for an IAM user to manage their own SSH keys."),
    ("IAMSelfManageServiceSpecificCredentials", "Allows an IAM user to manage their own Service Specific Credentials."),
    ("IAMAccessAnalyzerFullAccess", "Provides full access to IAM Access Analyzer"),
    ("IAMAccessAnalyzerReadOnlyAccess", "Provides read only access to IAM Access Analyzer resources"),
    ("AWSOrganizationsFullAccess", "Provides full access to AWS Organizations."),
    ("AWSOrganizationsReadOnlyAccess", "Provides read-only access to AWS Organizations."),
    ("AWSResourceAccessManagerFullAccess", "Provides full access to AWS Resource Access Manager"),
    ("AmazonCognitoPowerUser", "Provides administrative access to existing Amazon Cognito resources. You will need AWS account admin privileges to create new Cognito resources."),
    ("AmazonCognitoReadOnly", "Provides read only access to Amazon Cognito resources."),
    # Security services
    ("AWSKeyManagementServicePowerUser", "Provides access to AWS Key Management Service (KMS)."),
    ("SecretsManagerReadWrite", "Provides read/write access to AWS Secrets Manager via the AWS Management Console. Note: this exludes IAM actions, so combine with IAMFullAccess if rotation configuration is required."),
    ("AWSCertificateManagerFullAccess", "Provides full access to AWS Certificate Manager (ACM)"),
    ("AWSCertificateManagerReadOnly", "Provides read only access to AWS Certificate Manager (ACM)."),
    ("AWSWAFFullAccess", "Provides full access to AWS WAF actions."),
    ("AWSWAFReadOnlyAccess", "Provides read only access to AWS WAF actions."),
    ("AmazonGuardDutyFullAccess_v2", "Provides full access to use Amazon GuardDuty"),
    ("AmazonGuardDutyReadOnlyAccess", "Provides read only access to Amazon GuardDuty resources"),
    ("AWSSecurityHubFullAccess", "Provides full access to use AWS Security Hub."),
    ("AWSSecurityHubReadOnlyAccess", "Provides read only access to AWS Security Hub resources"),
    ("AmazonInspector2FullAccess_v2", "Provides full access to Amazon Inspector and access to other related services such as organizations with restrictive organizational access."),
    ("AmazonInspector2ReadOnlyAccess", "Provides read only access to the Amazon inspector2 service and relevant support services"),
    # Compute: EC2, Auto Scaling, load balancing, Systems Manager
    ("AmazonEC2FullAccess", "Provides full access to Amazon EC2 via the AWS Management Console."),
    ("AmazonEC2ReadOnlyAccess", "Provides read only access to Amazon EC2 via the AWS Management Console."),
    ("EC2InstanceConnect", "Allows customers to call EC2 Instance Connect to publish ephemeral keys to their EC2 instances and connect via ssh or the EC2 Instance Connect CLI."),
    ("AutoScalingFullAccess", "Provides full access to Auto Scaling."),
    ("AutoScalingReadOnlyAccess", "Provides read-only access to Auto Scaling."),
    ("ElasticLoadBalancingFullAccess", "Provides full access to Amazon ElasticLoadBalancing, and limited access to other services necessary to provide ElasticLoadBalancing features."),
    ("ElasticLoadBalancingReadOnly", "Provides read only access to Amazon ElasticLoadBalancing and dependent services"),
    ("AmazonSSMFullAccess", "Provides full access to Amazon SSM."),
    ("AmazonSSMReadOnlyAccess", "Provides read only access to Amazon SSM."),
    ("AmazonSSMManagedInstanceCore", "The policy for Amazon EC2 Role to enable AWS Systems Manager service core functionality."),
    ("AmazonSSMManagedEC2InstanceDefaultPolicy", "This policy enables AWS Systems Manager functionality on EC2 instances."),
    ("AmazonEC2RoleforSSM", "This policy will soon be deprecated. Please use AmazonSSMManagedInstanceCore policy to enable AWS Systems Manager service core functionality on EC2 instances. For more information see https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-instance-profile.html"),
    ("AmazonSSMAutomationRole", "Provides permissions for EC2 Automation service to execute activities defined within Automation documents"),
    # Networking and content delivery
    ("AmazonVPCFullAccess", "Provides full access to Amazon VPC via the AWS Management Console."),
    ("AmazonVPCReadOnlyAccess", "Provides read only access to Amazon VPC via the AWS Management Console."),
    ("AmazonRoute53FullAccess", "Provides full access to all Amazon Route 53 via the AWS Management Console."),
    ("AmazonRoute53ReadOnlyAccess", "Provides read only access to all Amazon Route 53 via the AWS Management Console."),
    ("AmazonRoute53ResolverFullAccess", "Full access policy for Route 53 Resolver"),
    ("CloudFrontFullAccess", "Provides full access to the CloudFront console plus the ability to list Amazon S3 buckets via the AWS Management Console."),
    ("CloudFrontReadOnlyAccess", "Provides access to CloudFront distribution configuration information and list distributions via the AWS Management Console."),
    ("AWSDirectConnectFullAccess", "Provides full access to AWS Direct Connect via the AWS Management Console."),
    ("AWSDirectConnectReadOnlyAccess", "Provides read only access to AWS Direct Connect via the AWS Management Console."),
    ("AWSNetworkManagerFullAccess", "Provides full access to Amazon NetworkManager via the AWS Management Console."),
    # Containers
    ("AmazonECS_FullAccess", "Provides administrative access to Amazon ECS resources and enables ECS features through access to other AWS service resources, including VPCs, Auto Scaling groups, and CloudFormation stacks."),
    ("AmazonECSTaskExecutionRolePolicy", "Provides access to other AWS service resources that are required to run Amazon ECS tasks"),
    ("AmazonEC2ContainerServiceforEC2Role", "Default policy for the Amazon EC2 Role for Amazon EC2 Container Service."),
    ("AmazonEC2ContainerRegistryFullAccess", "Provides administrative access to Amazon ECR resources"),
    ("AmazonEC2ContainerRegistryPowerUser", "Provides full access to Amazon EC2 Container Registry repositories, but does not allow repository deletion or policy changes."),
    ("AmazonEC2ContainerRegistryReadOnly", "Provides read-only access to Amazon EC2 Container Registry repositories."),
    ("AmazonEC2ContainerRegistryPullOnly", "Provides access to pull images from Amazon EC2 Container Registry repositories."),
    ("AmazonEKSClusterPolicy", "This policy provides Kubernetes the permissions it requires to manage resources on your behalf. Kubernetes requires Ec2:CreateTags permissions to place identifying information on EC2 resources including but not limited to Instances, Security Groups, and Elastic Network Interfaces."),
    ("AmazonEKSServicePolicy", "This policy allows Amazon Elastic Container Service for Kubernetes to create and manage the necessary resources to operate EKS Clusters."),
    ("AmazonEKSWorkerNodePolicy", "This policy allows Amazon EKS worker nodes to connect to Amazon EKS Clusters."),
    ("AmazonEKS_CNI_Policy", "This policy provides the Amazon VPC CNI Plugin (amazon-vpc-cni-k8s) the permissions it requires to modify the IP address configuration on your EKS worker nodes. This permission set allows the CNI to list, describe, and modify Elastic Network Interfaces on your behalf. More information on the AWS VPC CNI Plugin is available here: https://github.com/aws/amazon-vpc-cni-k8s"),
    ("AmazonEKSVPCResourceController", "Policy used by VPC Resource Controller to manage ENI and IPs for worker nodes."),
    ("AmazonEKSFargatePodExecutionRolePolicy", "Provides access to other AWS service resources that are required to run Amazon EKS pods on AWS Fargate"),
    ("AmazonEBSCSIDriverPolicy", "IAM Policy that allows the CSI driver service account to make calls to related services such as EC2 on your behalf."),
    # Serverless: Lambda, API Gateway, Step Functions, EventBridge, X-Ray
    ("AWSLambda_FullAccess", "Grants full access to AWS Lambda service, AWS Lambda console features, and other related AWS services."),
    ("AWSLambda_ReadOnlyAccess", "Grants read-only access to AWS Lambda service, AWS Lambda console features, and other related AWS services."),
    ("AWSLambdaBasicExecutionRole", "Provides write permissions to CloudWatch Logs."),
    ("AWSLambdaVPCAccessExecutionRole", "Provides minimum permissions for a Lambda function to execute while accessing a resource within a VPC - create, describe, delete network interfaces and write permissions to CloudWatch Logs."),
    ("AWSLambdaRole", "Default policy for AWS Lambda service role."),
    ("AWSLambdaDynamoDBExecutionRole", "Provides list and read access to DynamoDB streams and write permissions to CloudWatch logs."),
    ("AWSLambdaKinesisExecutionRole", "Provides list and read access to Kinesis streams and write permissions to CloudWatch logs."),
    ("AWSLambdaSQSQueueExecutionRole", "Provides receive message, delete message, and read attribute access to SQS queues, and write permissions to CloudWatch logs."),
    ("AWSLambdaENIManagementAccess", "Provides minimum permissions for a Lambda function to manage ENIs (create, describe, delete) used by a VPC-enabled Lambda Function."),
    ("AWSLambdaExecute", "Provides Put, Get access to S3 and full access to CloudWatch Logs."),
    ("AWSLambdaInvocation-DynamoDB", "Provides read access to DynamoDB Streams."),
    ("AmazonAPIGatewayAdministrator", "Provides full access to create/edit/delete APIs in Amazon API Gateway via the AWS Management Console."),
    ("AmazonAPIGatewayInvokeFullAccess", "Provides full access to invoke APIs in Amazon API Gateway."),
    ("AmazonAPIGatewayPushToCloudWatchLogs", "Allows API Gateway to push logs to user's account."),
    ("AWSStepFunctionsFullAccess", "An access policy for providing a user/role/etc access to the AWS StepFunctions API. For full access, in addition to this policy, a user MUST have iam:PassRole permission on at least one IAM role that can be assumed by the service."),
    ("AWSStepFunctionsConsoleFullAccess", "An access policy for providing a user/role/etc access to the AWS StepFunctions console. For a full console experience, in addition to this policy, a user may need iam:PassRole permission on other IAM roles that can be assumed by the service."),
    ("AWSStepFunctionsReadOnlyAccess", "An access policy for providing a user/role/etc read only access to the AWS StepFunctions service."),
    ("AmazonEventBridgeFullAccess", "Provides full access to Amazon EventBridge."),
    ("AmazonEventBridgeReadOnlyAccess", "Provides read only access to Amazon EventBridge."),
    ("AmazonEventBridgeSchedulerFullAccess", "The AmazonEventBridgeSchedulerFullAccess managed policy grants permissions to use all EventBridge Scheduler actions for schedules, and schedule groups."),
    ("AWSXrayWriteOnlyAccess", "AWS X-Ray write only managed policy"),
    ("AWSXRayDaemonWriteAccess", "Allow the AWS X-Ray Daemon to relay raw trace segments data to the service's API and retrieve sampling data (rules, targets, etc.) to be used by the X-Ray SDK."),
    ("AWSXrayFullAccess", "AWS X-Ray full access managed policy"),
    ("AWSXrayReadOnlyAccess", "AWS X-Ray read only managed policy"),
    # Application integration and streaming
    ("AmazonSQSFullAccess", "Provides full access to Amazon SQS via the AWS Management Console."),
    ("AmazonSQSReadOnlyAccess", "Provides read only access to Amazon SQS via the AWS Management Console."),
    ("AmazonSNSFullAccess", "Provides full access to Amazon SNS via the AWS Management Console."),
    ("AmazonSNSReadOnlyAccess", "Provides read only access to Amazon SNS via the AWS Management Console."),
    ("AmazonMQFullAccess", "Provides full access to AmazonMQ via the AWS Management Console."),
    ("AmazonSESFullAccess", "Provides full access to Amazon SES via the AWS Management Console."),
    ("AmazonKinesisFullAccess", "Provides full access to all streams via the AWS Management Console."),
    ("AmazonKinesisReadOnlyAccess", "Provides read only access to all streams via the AWS Management Console."),
    ("AmazonKinesisFirehoseFullAccess", "Provides full access to all Amazon Kinesis Firehose Delivery Streams."),
    # Storage
    ("AmazonS3FullAccess", "Provides full access to all buckets via the AWS Management Console."),
    ("AmazonS3ReadOnlyAccess", "Provides read only access to all buckets via the AWS Management Console."),
    ("AmazonElasticFileSystemFullAccess", "Provides full access to Amazon EFS via the AWS Management Console."),
    ("AmazonElasticFileSystemReadOnlyAccess", "Provides read only access to Amazon EFS via the AWS Management Console."),
    ("AmazonElasticFileSystemClientFullAccess", "Provides root client access to an Amazon EFS file system"),
    ("AmazonGlacierFullAccess", "Provides full access to Amazon Glacier via the AWS Management Console."),
    ("AmazonGlacierReadOnlyAccess", "Provides read only access to Amazon Glacier via the AWS Management Console."),
    ("AWSBackupFullAccess", "This policy is for backup administrators, granting full access to AWS Backup operations, including creating or editing backup plans, assigning AWS resources to backup plans, deleting backups, and restoring backups."),
    # Databases and analytics
    ("AmazonDynamoDBFullAccess", "Provides full access to Amazon DynamoDB via the AWS Management Console."),
    ("AmazonDynamoDBFullAccess_v2", "Provides full access to Amazon DynamoDB"),
    ("AmazonDynamoDBReadOnlyAccess", "Provides read only access to Amazon DynamoDB via the AWS Management Console."),
    ("AmazonRDSFullAccess", "Provides full access to Amazon RDS via the AWS Management Console."),
    ("AmazonRDSReadOnlyAccess", "Provides read only access to Amazon RDS via the AWS Management Console."),
    ("AmazonRDSDataFullAccess", "Allows full access to use the RDS data APIs, secret store APIs for RDS database credentials, and DB console query management APIs to execute SQL statements on Aurora Serverless clusters in the AWS account."),
    ("AmazonRDSEnhancedMonitoringRole", "Provides access to Cloudwatch for RDS Enhanced Monitoring"),
    ("AmazonElastiCacheFullAccess", "Provides full access to Amazon ElastiCache via the AWS Management Console."),
    ("AmazonElastiCacheReadOnlyAccess", "Provides read only access to Amazon ElastiCache via the AWS Management Console."),
    ("AmazonRedshiftFullAccess", "Provides full access to Amazon Redshift via the AWS Management Console."),
    ("AmazonRedshiftReadOnlyAccess", "Provides read only access to Amazon Redshift via the AWS Management Console."),
    ("AmazonAthenaFullAccess", "Provide full access to Amazon Athena and scoped access to the dependencies needed to enable querying, writing results, and data management."),
    ("AWSGlueConsoleFullAccess", "Provides full access to AWS Glue via the AWS Management Console"),
    ("AWSGlueServiceRole", "Policy for AWS Glue service role which allows access to related services including EC2, S3, and Cloudwatch Logs"),
    ("AmazonOpenSearchServiceFullAccess", "Provides full access to the Amazon OpenSearch Service configuration service."),
    # Management and governance
    ("CloudWatchFullAccess", "Provides full access to CloudWatch."),
    ("CloudWatchFullAccessV2", "Provides full access to CloudWatch."),
    ("CloudWatchReadOnlyAccess", "Provides read only access to CloudWatch."),
    ("CloudWatchLogsFullAccess", "Provides full access to CloudWatch Logs"),
    ("CloudWatchLogsReadOnlyAccess", "Provides read only access to CloudWatch Logs"),
    ("CloudWatchAgentServerPolicy", "Permissions required to use AmazonCloudWatchAgent on servers"),
    ("CloudWatchAgentAdminPolicy", "Full permissions required to use AmazonCloudWatchAgent."),
    ("AWSCloudTrail_FullAccess", "Provides full access to AWS CloudTrail."),
    ("AWSCloudTrail_ReadOnlyAccess", "Provides read only access to AWS CloudTrail."),
    ("AWSCloudFormationFullAccess", "Provides full access to AWS CloudFormation."),
    ("AWSCloudFormationReadOnlyAccess", "Provides access to AWS CloudFormation via the AWS Management Console."),
    ("AWSConfigUserAccess", "Provides access to use AWS Config, including searching by tags on resources, and reading all tags. This does not provide permission to configure AWS Config, which requires administrative privileges."),
    ("AWSHealthFullAccess", "Allows full access to the AWS Health Apis and Notifications and the Personal Health Dashboard"),
    ("ResourceGroupsandTagEditorFullAccess", "Provides full access to Resource Groups and Tag Editor."),
    ("AWSBillingReadOnlyAccess", "Allows users to view bills on the Billing Console."),
    ("AWSBudgetsReadOnlyAccess", "Provides read only access to AWS Budgets Console via the AWS Management Console."),
    ("AWSCloudShellFullAccess", "Grants using AWS CloudShell with all features"),
    # Developer tools and deployment
    ("AWSCodeCommitFullAccess", "Provides full access to AWS CodeCommit via the AWS Management Console."),
    ("AWSCodeBuildAdminAccess", "Provides full access to AWS CodeBuild via the AWS Management Console. Also attach AmazonS3ReadOnlyAccess to provide access to download build artifacts, and attach IAMFullAccess to create and manage the service role for CodeBuild."),
    ("AWSCodeDeployFullAccess", "Provides full access to CodeDeploy resources."),
    ("AWSCodeDeployRole", "Provides CodeDeploy service access to expand tags and interact with Auto Scaling on your behalf."),
    ("AWSCodePipeline_FullAccess", "Provides full access to AWS CodePipeline via the AWS Management Console."),
    ("AdministratorAccess-AWSElasticBeanstalk", "Grants account administrative permissions. Explicitly allows developers and administrators to gain direct access to resources they need to manage AWS Elastic Beanstalk applications"),
    ("AWSElasticBeanstalkWebTier", "Provide the instances in your web server environment access to upload log files to Amazon S3."),
    ("AWSElasticBeanstalkWorkerTier", "Provide the instances in your worker environment access to upload log files to Amazon S3, to use Amazon SQS to monitor your application's job queue, to use Amazon DynamoDB to perform leader election, and to Amazon CloudWatch to publish metrics for health monitoring."),
    ("AWSElasticBeanstalkMulticontainerDocker", "Provide the instances in your multicontainer Docker environment access to use the Amazon EC2 Container Service to manage container deployment tasks."),
    ("AWSBatchFullAccess", "Provides full access for AWS Batch resources."),
]

# Real PolicyIds (ANPA...) as IAM reports them.
POLICY_IDS = {
    "AdministratorAccess": "ANPAIWMBCKSKIEE64ZLYK",
    "PowerUserAccess": "ANPAJYRXTHIB4FOVS3ZXS",
    "ReadOnlyAccess": "ANPAILL3HVNFSB6DCOWYQ",
    "ViewOnlyAccess": "ANPAID22R6XPJATWOFDK6",
    "SecurityAudit": "ANPAIX2T3QCXHR2OGGCTO",
    "Billing": "ANPAIFTHXT6FFMIRT7ZEA",
    "SystemAdministrator": "ANPAITJPEZXCYCBXANDSW",
    "DatabaseAdministrator": "ANPAIGBMAW4VUQKOQNVT6",
    "NetworkAdministrator": "ANPAJPNMADZFJCVPJVZA2",
    "DataScientist": "ANPAJ5YHI2BQW7EQFYDXS",
    "SupportUser": "ANPAI3V4GSSN5SJY3P2RO",
    "AWSSupportAccess": "ANPAJSNKQX2OW67GF4S7E",
    "IAMFullAccess": "ANPAI7XKCFMBPM3QQRRVQ",
    "IAMReadOnlyAccess": "ANPAJKSO7NDY4T57MWDSQ",
    "IAMUserChangePassword": "ANPAJ4L4MM2A7QIEB56MS",
    "IAMUserSSHKeys": "ANPAJTSHUA4UXGXU7ANUA",
    "IAMSelfManageServiceSpecificCredentials": "ANPAI4VT74EMXK2PMQJM2",
    "IAMAccessAnalyzerFullAccess": "ANPAZKAPJZG4MAZGHIYZN",
    "IAMAccessAnalyzerReadOnlyAccess": "ANPAZKAPJZG4GY4R3GAPM",
    "AWSOrganizationsFullAccess": "ANPAJZXBNRCJKNLQHSB5M",
    "AWSOrganizationsReadOnlyAccess": "ANPAJY5RQATUV77PEPVOM",
    "AWSResourceAccessManagerFullAccess": "ANPAZKAPJZG4FYRGF63DP",
    "AmazonCognitoPowerUser": "ANPAJKW5H2HNCPGCYGR6Y",
    "AmazonCognitoReadOnly": "ANPAJBFTRZD2GQGJHSVQK",
    "AWSKeyManagementServicePowerUser": "ANPAJNPP7PPPPMJRV2SA4",
    "SecretsManagerReadWrite": "ANPAI3VG7CI5BIQZQ6G2E",
    "AWSCertificateManagerFullAccess": "ANPAJYCHABBP6VQIVBCBQ",
    "AWSCertificateManagerReadOnly": "ANPAI4GSWX6S4MESJ3EWC",
    "AWSWAFFullAccess": "ANPAJMIKIAFXZEGOLRH7C",
    "AWSWAFReadOnlyAccess": "ANPAINZVDMX2SBF7EU2OC",
    "AmazonGuardDutyFullAccess_v2": "ANPAZKAPJZG4KFR4NCDHT",
    "AmazonGuardDutyReadOnlyAccess": "ANPAIVMCEDV336RWUSNHG",
    "AWSSecurityHubFullAccess": "ANPAJ4262VZCA4HPBZSO6",
    "AWSSecurityHubReadOnlyAccess": "ANPAIEBAQNOFUCLFJ3UHG",
    "AmazonInspector2FullAccess_v2": "ANPAZKAPJZG4LAYOUDP4B",
    "AmazonInspector2ReadOnlyAccess": "ANPAZKAPJZG4IASIMCEPM",
    "AmazonEC2FullAccess": "ANPAI3VAJF5ZCRZ7MCQE6",
    "AmazonEC2ReadOnlyAccess": "ANPAIGDT4SV4GSETWTBZK",
    "AutoScalingFullAccess": "ANPAIAWRCSJDDXDXGPCFU",
    "AutoScalingReadOnlyAccess": "ANPAIAFWUVLC2LPLSFTFG",
    "ElasticLoadBalancingFullAccess": "ANPAIDPMLA3IUIOQCISJ4",
    "ElasticLoadBalancingReadOnly": "ANPAJMO7B7SNFLQ6HH736",
    "AmazonSSMFullAccess": "ANPAJA7V6HI4ISQFMDYAG",
    "AmazonSSMReadOnlyAccess": "ANPAJODSKQGGJTHRYZ5FC",
    "AmazonSSMManagedInstanceCore": "ANPAIXSHM2BNB2D3AXXRU",
    "AmazonSSMManagedEC2InstanceDefaultPolicy": "ANPAZKAPJZG4LVDRKUQFG",
    "AmazonEC2RoleforSSM": "ANPAI6TL3SMY22S4KMMX6",
    "AmazonSSMAutomationRole": "ANPAJIBQCTBCXD2XRNB6W",
    "AmazonVPCFullAccess": "ANPAJBWPGNOVKZD3JI2P2",
    "AmazonVPCReadOnlyAccess": "ANPAIICZJNOJN36GTG6CM",
    "AmazonRoute53FullAccess": "ANPAJWVDLG5RPST6PHQ3A",
    "AmazonRoute53ReadOnlyAccess": "ANPAITOYK2ZAOQFXV2JNC",
    "AmazonRoute53ResolverFullAccess": "ANPAZKAPJZG4MZN2MQCY3",
    "CloudFrontFullAccess": "ANPAIPRV52SH6HDCCFY6U",
    "CloudFrontReadOnlyAccess": "ANPAJJZMNYOTZCNQP36LG",
    "AWSDirectConnectFullAccess": "ANPAJQF2QKZSK74KTIHOW",
    "AWSDirectConnectReadOnlyAccess": "ANPAI23HZ27SI6FQMGNQ2",
    "AWSNetworkManagerFullAccess": "ANPAZKAPJZG4ARXJ4NU7I",
    "AmazonECS_FullAccess": "ANPAJ7S7AN6YQPTJC7IFS",
    "AmazonECSTaskExecutionRolePolicy": "ANPAJG4T4G4PV56DE72PY",
    "AmazonEC2ContainerServiceforEC2Role": "ANPAJLYJCVHC7TQHCSQDS",
    "AmazonEC2ContainerRegistryFullAccess": "ANPAIESRL7KD7IIVF6V4W",
    "AmazonEC2ContainerRegistryPowerUser": "ANPAJDNE5PIHROIBGGDDW",
    "AmazonEC2ContainerRegistryReadOnly": "ANPAIFYZPA37OOHVIH7KQ",
    "AmazonEC2ContainerRegistryPullOnly": "ANPAZKAPJZG4ACPA6HO4Q",
    "AmazonEKSClusterPolicy": "ANPAIBTLDQMIC6UOIGFWA",
    "AmazonEKSServicePolicy": "ANPAJFCNXU6HPGCIVXYDI",
    "AmazonEKSWorkerNodePolicy": "ANPAIBVMOY52IPQ6HD3PO",
    "AmazonEKS_CNI_Policy": "ANPAJWLAS474LDBXNNTM4",
    "AmazonEKSVPCResourceController": "ANPAZKAPJZG4PBOFT2NNA",
    "AmazonEBSCSIDriverPolicy": "ANPAZKAPJZG4IV6FHD2UE",
    "AWSLambda_FullAccess": "ANPAZKAPJZG4OXQPYWZ5D",
    "AWSLambda_ReadOnlyAccess": "ANPAZKAPJZG4IERNVMNPE",
    "AWSLambdaBasicExecutionRole": "ANPAJNCQGXC42545SKXIK",
    "AWSLambdaVPCAccessExecutionRole": "ANPAJVTME3YLVNL72YR2K",
    "AWSLambdaRole": "ANPAJX4DPCRGTC4NFDUXI",
    "AWSLambdaDynamoDBExecutionRole": "ANPAIP7WNAGMIPYNW4WQG",
    "AWSLambdaKinesisExecutionRole": "ANPAJHOLKJPXV4GBRMJUQ",
    "AWSLambdaSQSQueueExecutionRole": "ANPAJFWJZI6JNND4TSELK",
    "AWSLambdaENIManagementAccess": "ANPAJXAW2Q3KPTURUT2QC",
    "AWSLambdaExecute": "ANPAJE5FX7FQZSU5XAKGO",
    "AWSLambdaInvocation-DynamoDB": "ANPAJTHQ3EKCQALQDYG5G",
    "AmazonAPIGatewayAdministrator": "ANPAJ4PT6VY5NLKTNUYSI",
    "AmazonAPIGatewayInvokeFullAccess": "ANPAIIWAX2NOOQJ4AIEQ6",
    "AmazonAPIGatewayPushToCloudWatchLogs": "ANPAIK4GFO7HLKYN64ASK",
    "AWSStepFunctionsFullAccess": "ANPAJXKA6VP3UFBVHDPPA",
    "AWSStepFunctionsConsoleFullAccess": "ANPAJIYC52YWRX6OSMJWK",
    "AWSStepFunctionsReadOnlyAccess": "ANPAJONHB2TJQDJPFW5TM",
    "AmazonEventBridgeFullAccess": "ANPAZKAPJZG4BUM4GCASI",
    "AmazonEventBridgeReadOnlyAccess": "ANPAZKAPJZG4BDMP3LZME",
    "AmazonEventBridgeSchedulerFullAccess": "ANPAZKAPJZG4KJ7UDPZGC",
    "AWSXrayWriteOnlyAccess": "ANPAIAACM4LMYSRGBCTM6",
    "AWSXRayDaemonWriteAccess": "ANPAIOE47HSUE5AVBNEDM",
    "AWSXrayFullAccess": "ANPAJQBYG45NSJMVQDB2K",
    "AWSXrayReadOnlyAccess": "ANPAIH4OFXWPS6ZX6OPGQ",
    "AmazonSQSFullAccess": "ANPAI65L554VRJ33ECQS6",
    "AmazonSQSReadOnlyAccess": "ANPAIUGSSQY362XGCM6KW",
    "AmazonSNSFullAccess": "ANPAJWEKLCXXUNT2SOLSG",
    "AmazonSNSReadOnlyAccess": "ANPAIZGQCQTFOFPMHSB6W",
    "AmazonMQFullAccess": "ANPAJLKBROJNQYDDXOOGG",
    "AmazonSESFullAccess": "ANPAJ2P4NXCHAT7NDPNR4",
    "AmazonKinesisFullAccess": "ANPAIVF32HAMOXCUYRAYE",
    "AmazonKinesisReadOnlyAccess": "ANPAIOCMTDT5RLKZ2CAJO",
    "AmazonKinesisFirehoseFullAccess": "ANPAJMZQMTZ7FRBFHHAHI",
    "AmazonS3FullAccess": "ANPAIFIR6V6BVTRAHWINE",
    "AmazonS3ReadOnlyAccess": "ANPAIZTJ4DXE7G6AGAE6M",
    "AmazonElasticFileSystemFullAccess": "ANPAJKXTMNVQGIDNCKPBC",
    "AmazonElasticFileSystemReadOnlyAccess": "ANPAIPN5S4NE5JJOKVC4Y",
    "AmazonElasticFileSystemClientFullAccess": "ANPAZKAPJZG4KAMR2MLDF",
    "AmazonGlacierFullAccess": "ANPAJQSTZJWB2AXXAKHVQ",
    "AmazonGlacierReadOnlyAccess": "ANPAI2D5NJKMU274MET4E",
    "AWSBackupFullAccess": "ANPAZKAPJZG4LL52EIPJX",
    "AmazonDynamoDBFullAccess": "ANPAINUGF2JSOSUY76KYA",
    "AmazonDynamoDBFullAccess_v2": "ANPAZKAPJZG4APITYEQVI",
    "AmazonDynamoDBReadOnlyAccess": "ANPAIY2XFNA232XJ6J7X2",
    "AmazonRDSFullAccess": "ANPAI3R4QMOG6Q5A4VWVG",
    "AmazonRDSReadOnlyAccess": "ANPAJKTTTYV2IIHKLZ346",
    "AmazonRDSDataFullAccess": "ANPAJ5HUMNZCSW4IC74T6",
    "AmazonRDSEnhancedMonitoringRole": "ANPAJV7BS425S4PTSSVGK",
    "AmazonElastiCacheFullAccess": "ANPAIA2V44CPHAUAAECKG",
    "AmazonElastiCacheReadOnlyAccess": "ANPAIPDACSNQHSENWAKM2",
    "AmazonRedshiftFullAccess": "ANPAISEKCHH4YDB46B5ZO",
    "AmazonRedshiftReadOnlyAccess": "ANPAIGD46KSON64QBSEZM",
    "AmazonAthenaFullAccess": "ANPAIPJMLMD4C7RYZ6XCK",
    "AWSGlueConsoleFullAccess": "ANPAJNZGDEOD7MISOVSVI",
    "AWSGlueServiceRole": "ANPAIRUJCPEBPMEZFAS32",
    "AmazonOpenSearchServiceFullAccess": "ANPAZKAPJZG4F6P6N56MG",
    "CloudWatchFullAccess": "ANPAIKEABORKUXN6DEAZU",
    "CloudWatchFullAccessV2": "ANPAZKAPJZG4K5ELCXZSW",
    "CloudWatchReadOnlyAccess": "ANPAJN23PDQP7SZQAE3QE",
    "CloudWatchLogsFullAccess": "ANPAJ3ZGNWK2R5HW5BQFO",
    "CloudWatchLogsReadOnlyAccess": "ANPAJ2YIYDYSNNEHK3VKW",
    "CloudWatchAgentServerPolicy": "ANPAIGOPKN7KRDAKTLG4I",
    "CloudWatchAgentAdminPolicy": "ANPAICMXPKT7EBAF6KR3O",
    "AWSCloudTrail_FullAccess": "ANPAZKAPJZG4CA4SIJQAM",
    "AWSCloudTrail_ReadOnlyAccess": "ANPAZKAPJZG4OGLRVUGKM",
    "AWSCloudFormationReadOnlyAccess": "ANPAJWVBEE4I2POWLODLW",
    "AWSConfigUserAccess": "ANPAIWTTSFJ7KKJE3MWGA",
    "AWSHealthFullAccess": "ANPAI3CUMPCPEUPCSXC4Y",
    "ResourceGroupsandTagEditorFullAccess": "ANPAJNOS54ZFXN4T2Y34A",
    "AWSBillingReadOnlyAccess": "ANPAZKAPJZG4LJ3OSZ5SX",
    "AWSBudgetsReadOnlyAccess": "ANPAZKAPJZG4EZCFS6BHW",
    "AWSCloudShellFullAccess": "ANPAZKAPJZG4HEDUXFSA3",
    "AWSCodeCommitFullAccess": "ANPAI4VCZ3XPIZLQ5NZV2",
    "AWSCodeBuildAdminAccess": "ANPAJQJGIOIE3CD2TQXDS",
    "AWSCodeDeployFullAccess": "ANPAIONKN3TJZUKXCHXWC",
    "AWSCodeDeployRole": "ANPAJ2NKMKD73QS5NBFLA",
    "AWSCodePipeline_FullAccess": "ANPAZKAPJZG4A6ZKP3LKA",
    "AdministratorAccess-AWSElasticBeanstalk": "ANPAZKAPJZG4AX52KWGWY",
    "AWSElasticBeanstalkWebTier": "ANPAIUF4325SJYOREKW3A",
    "AWSElasticBeanstalkWorkerTier": "ANPAJQDLBRSJVKVF4JMSK",
    "AWSElasticBeanstalkMulticontainerDocker": "ANPAJ45SBYG72SD6SHJEY",
    "AWSBatchFullAccess": "ANPAJ7K2KIWB3HZVK3CUO",
}

TOP_ORDER = ["Version", "Id", "Statement"]
STATEMENT_ORDER = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
                   "Resource", "NotResource", "Condition"]


def ordered(mapping, order):
    out = {key: mapping[key] for key in order if key in mapping}
    out.update((key, value) for key, value in mapping.items() if key not in out)
    return out


def canonical_document(document):
    document = ordered(document, TOP_ORDER)
    statements = document.get("Statement")
    if isinstance(statements, list):
        document["Statement"] = [ordered(s, STATEMENT_ORDER) if isinstance(s, dict) else s for s in statements]
    elif isinstance(statements, dict):
        document["Statement"] = ordered(statements, STATEMENT_ORDER)
    return document


def iso_z(stamp):
    """'2015-02-06T18:39:46+00:00' (or ...Z) -> '2015-02-06T18:39:46Z'."""
    stamp = stamp.strip()
    for suffix in ("+00:00", "Z"):
        if stamp.endswith(suffix):
            return stamp[: -len(suffix)] + "Z"
    raise ValueError(f"not a UTC timestamp: {stamp}")


def synthetic_policy_id(arn):
    digest = hashlib.sha256(arn.encode()).digest()
    return "ANPA" + base64.b32encode(digest).decode()[:17]


def version_number(version_id):
    return int(version_id.lstrip("v") or 0)


def load_moto():
    try:
        import moto
        from moto.iam.aws_managed_policies import aws_managed_policies_data
    except ImportError:
        sys.exit("moto is not installed: pip install moto")
    policies = {}
    for name, p in json.loads(aws_managed_policies_data).items():
        policies[name] = {
            "name": name, "path": p["Path"], "defaultVersionId": p["DefaultVersionId"],
            "created": iso_z(p["CreateDate"]), "updated": iso_z(p["UpdateDate"]),
            "document": p["Document"], "source": f"moto {moto.__version__}",
        }
    return policies


def load_gap_fillers():
    policies = {}
    for file in sorted(DATA_DIR.glob("*.json")):
        p = json.loads(file.read_text())
        policies[p["PolicyName"]] = {
            "name": p["PolicyName"], "path": p["Path"], "defaultVersionId": p["DefaultVersionId"],
            "created": iso_z(p["CreateDate"]), "updated": iso_z(p["UpdateDate"]),
            "document": p["Document"], "source": p.get("Source", file.name),
        }
    return policies


def swift_string(text):
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20:
            out.append("\\u{%x}" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def swift_raw_string(text):
    """A single-line raw string literal whose delimiter cannot occur in text."""
    assert "\n" not in text and "\r" not in text
    hashes = 1
    while ('"' + "#" * hashes) in text or ("\\" + "#" * hashes) in text:
        hashes += 1
    fence = "#" * hashes
    return f'{fence}"{text}"{fence}'


def main():
    moto_policies = load_moto()
    gap = load_gap_fillers()
    names = [name for name, _ in CATALOGUE]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        sys.exit(f"listed twice: {sorted(duplicates)}")

    entries, missing, sources, synthesized = [], [], {}, []
    for name, description in CATALOGUE:
        candidates = [p for p in (moto_policies.get(name), gap.get(name)) if p]
        if not candidates:
            missing.append(name)
            continue
        policy = max(candidates, key=lambda p: (p["updated"], version_number(p["defaultVersionId"])))
        arn = f"arn:aws:iam::aws:policy{policy['path']}{name}"
        policy_id = POLICY_IDS.get(name)
        if policy_id is None:
            policy_id = synthetic_policy_id(arn)
            synthesized.append(name)
        document = json.dumps(canonical_document(policy["document"]), separators=(",", ":"), ensure_ascii=False)
        assert json.loads(document) == policy["document"]
        sources.setdefault(policy["source"], []).append(name)
        entries.append(
            "        AWSManagedPolicy(\n"
            f"            name: {swift_string(name)}, path: {swift_string(policy['path'])},\n"
            f"            arn: {swift_string(arn)}, policyId: {swift_string(policy_id)},\n"
            f"            defaultVersionId: {swift_string(policy['defaultVersionId'])}, "
            f"created: {swift_string(policy['created'])}, updated: {swift_string(policy['updated'])},\n"
            f"            description: {swift_string(description)},\n"
            f"            document: {swift_raw_string(document)}\n"
            "        ),"
        )
    if missing:
        sys.exit(f"no source has: {missing}")

    source_note = "; ".join(f"{s} ({len(n)})" for s, n in sorted(sources.items()))
    text = (
        "// Generated by scripts/regenerate-managed-policies.py. Do not edit.\n"
        f"// Sources: {source_note}.\n"
        "\n"
        "/// One AWS managed policy (`arn:aws:iam::aws:policy/...`) as IAM reports it: the default version's\n"
        "/// document (compact JSON text; AWS's values, keys in IAM's usual order) and its metadata.\n"
        "struct AWSManagedPolicy: Sendable {\n"
        "    let name: String\n"
        "    let path: String\n"
        "    let arn: String\n"
        "    /// IAM's PolicyId (`ANPA...`).\n"
        "    let policyId: String\n"
        "    let defaultVersionId: String\n"
        "    /// ISO 8601, UTC (`2015-02-06T18:39:46Z`).\n"
        "    let created: String\n"
        "    /// ISO 8601, UTC; also the default version's creation date.\n"
        "    let updated: String\n"
        "    let description: String\n"
        "    /// The default version's policy document, JSON text.\n"
        "    let document: String\n"
        "}\n"
        "\n"
        "/// The AWS managed policies Nimbus knows, with their real documents.\n"
        "enum AWSManagedPolicies {\n"
        "    /// Every catalogued policy, in catalogue order.\n"
        "    static let all: [AWSManagedPolicy] = [\n"
        + "\n".join(entries) + "\n"
        "    ]\n"
        "\n"
        "    private static let byARN: [String: AWSManagedPolicy] = Dictionary(uniqueKeysWithValues: all.map { ($0.arn, $0) })\n"
        "\n"
        "    /// The policy with this ARN (`arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`), or nil.\n"
        "    static func named(_ arn: String) -> AWSManagedPolicy? {\n"
        "        byARN[arn]\n"
        "    }\n"
        "}\n"
    )
    OUT_FILE.parent.mkdir(parents=True, exist_ok=True)
    OUT_FILE.write_text(text)
    print(f"{len(entries)} policies, {len(text.encode())} bytes -> {OUT_FILE.relative_to(ROOT)}")
    for source, listed in sorted(sources.items()):
        print(f"  {source}: {len(listed)}")
    if synthesized:
        print(f"  made-up policy ids: {', '.join(synthesized)}")


if __name__ == "__main__":
    main()
