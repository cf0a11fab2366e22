"""One applier per resource type cogform emits that moto's CloudFormation cannot create.

Each takes the resource's resolved template properties, creates the resource through the
service API with them, and returns (Ref value, attributes, unapplied) where `unapplied` lists
(property, why) for every property it could not apply: nothing is dropped silently. A property
is applied when it is passed to the API that the service documents for it; what the emulator
then does with it is its own matter (see the blind spots in run.py).
"""

import json

REGION = "us-east-1"


def split(props, mapping):
    """(API arguments, unknown properties): `mapping` maps template names to API names."""
    args, unknown = {}, []
    for k, v in props.items():
        if k in mapping:
            if mapping[k] is not None:
                args[mapping[k]] = v
        else:
            unknown.append((k, "no API parameter known to the applier"))
    return args, unknown


def same(*names):
    return {n: n for n in names}


def user_pool(aws, props):
    idp = aws.client("cognito-idp")
    mapping = same(
        "Policies", "LambdaConfig", "AutoVerifiedAttributes", "AliasAttributes",
        "UsernameAttributes", "SmsVerificationMessage", "EmailVerificationMessage",
        "EmailVerificationSubject", "VerificationMessageTemplate", "SmsAuthenticationMessage",
        "MfaConfiguration", "UserAttributeUpdateSettings", "DeviceConfiguration",
        "EmailConfiguration", "SmsConfiguration", "UserPoolTags", "AdminCreateUserConfig",
        "Schema", "UserPoolAddOns", "UsernameConfiguration", "AccountRecoverySetting",
        "DeletionProtection", "UserPoolTier",
    )
    mapping["UserPoolName"] = "PoolName"
    # SetUserPoolMfaConfig, below: the MFA factors, the email code's message, passkeys.
    for name in ("EnabledMfas", "EmailAuthenticationMessage", "EmailAuthenticationSubject",
                 "WebAuthnRelyingPartyID", "WebAuthnUserVerification"):
        mapping[name] = None
    args, unapplied = split(props, mapping)
    pool = idp.create_user_pool(**args)["UserPool"]
    pid = pool["Id"]
    mfas = props.get("EnabledMfas", [])
    mfa = {"UserPoolId": pid, "MfaConfiguration": props.get("MfaConfiguration", "OFF")}
    if "SOFTWARE_TOKEN_MFA" in mfas:
        mfa["SoftwareTokenMfaConfiguration"] = {"Enabled": True}
    if "SMS_MFA" in mfas:
        mfa["SmsMfaConfiguration"] = {"SmsConfiguration": props["SmsConfiguration"]}
    if "EMAIL_OTP" in mfas or "EmailAuthenticationMessage" in props:
        mfa["EmailMfaConfiguration"] = {
            k: props[p] for k, p in (("Message", "EmailAuthenticationMessage"),
                                     ("Subject", "EmailAuthenticationSubject")) if p in props
        }
    if "WebAuthnRelyingPartyID" in props:
        mfa["WebAuthnConfiguration"] = {
            "RelyingPartyId": props["WebAuthnRelyingPartyID"],
            "UserVerification": props.get("WebAuthnUserVerification", "required"),
        }
    if len(mfa) > 2 or mfa["MfaConfiguration"] != "OFF":
        idp.set_user_pool_mfa_config(**mfa)
    attrs = {
        "Arn": pool["Arn"],
        "ProviderName": f"cognito-idp.{REGION}.amazonaws.com/{pid}",
        "ProviderURL": f"https://cognito-idp.{REGION}.amazonaws.com/{pid}",
        "UserPoolId": pid,
    }
    return pid, attrs, unapplied


def user_pool_client(aws, props):
    idp = aws.client("cognito-idp")
    mapping = same(
        "UserPoolId", "ClientName", "GenerateSecret", "RefreshTokenValidity",
        "AccessTokenValidity", "IdTokenValidity", "TokenValidityUnits", "ReadAttributes",
        "WriteAttributes", "ExplicitAuthFlows", "SupportedIdentityProviders", "CallbackURLs",
        "LogoutURLs", "DefaultRedirectURI", "AllowedOAuthFlows", "AllowedOAuthScopes",
        "AllowedOAuthFlowsUserPoolClient", "AnalyticsConfiguration",
        "PreventUserExistenceErrors", "EnableTokenRevocation",
        "EnablePropagateAdditionalUserContextData", "AuthSessionValidity",
    )
    args, unapplied = split(props, mapping)
    client = idp.create_user_pool_client(**args)["UserPoolClient"]
    attrs = {"ClientSecret": client.get("ClientSecret", ""), "Name": client["ClientName"]}
    return client["ClientId"], attrs, unapplied


def user_pool_domain(aws, props):
    idp = aws.client("cognito-idp")
    args, unapplied = split(props, same("Domain", "UserPoolId", "CustomDomainConfig", "ManagedLoginVersion"))
    out = idp.create_user_pool_domain(**args)
    return props["Domain"], {"CloudFrontDistribution": out.get("CloudFrontDomain", "")}, unapplied


def user_pool_identity_provider(aws, props):
    idp = aws.client("cognito-idp")
    args, unapplied = split(
        props,
        same("UserPoolId", "ProviderName", "ProviderType", "ProviderDetails",
             "AttributeMapping", "IdpIdentifiers"),
    )
    idp.create_identity_provider(**args)
    return props["ProviderName"], {}, unapplied


def user_pool_group(aws, props):
    idp = aws.client("cognito-idp")
    args, unapplied = split(
        props, same("GroupName", "UserPoolId", "Description", "RoleArn", "Precedence")
    )
    idp.create_group(**args)
    return props["GroupName"], {}, unapplied


def user_pool_resource_server(aws, props):
    idp = aws.client("cognito-idp")
    args, unapplied = split(props, same("UserPoolId", "Identifier", "Name", "Scopes"))
    idp.create_resource_server(**args)
    return props["Identifier"], {}, unapplied


def identity_pool(aws, props):
    ci = aws.client("cognito-identity")
    args, unapplied = split(
        props,
        same("IdentityPoolName", "AllowUnauthenticatedIdentities", "AllowClassicFlow",
             "SupportedLoginProviders", "DeveloperProviderName", "OpenIdConnectProviderARNs",
             "CognitoIdentityProviders", "SamlProviderARNs", "IdentityPoolTags"),
    )
    out = ci.create_identity_pool(**args)
    return out["IdentityPoolId"], {"Name": out["IdentityPoolName"]}, unapplied


def identity_pool_role_attachment(aws, props):
    ci = aws.client("cognito-identity")
    args = {"IdentityPoolId": props["IdentityPoolId"], "Roles": props.get("Roles", {})}
    if "RoleMappings" in props:
        # The template keys mappings by a name and names the provider inside; the API keys
        # them by the provider.
        args["RoleMappings"] = {
            m["IdentityProvider"]: {k: v for k, v in m.items() if k != "IdentityProvider"}
            for m in props["RoleMappings"].values()
        }
    unapplied = [(k, "no API parameter known to the applier") for k in props
                 if k not in ("IdentityPoolId", "Roles", "RoleMappings")]
    try:
        ci.set_identity_pool_roles(**args)
    except Exception as e:  # moto has no SetIdentityPoolRoles
        why = f"SetIdentityPoolRoles refused by the emulator ({type(e).__name__})"
        unapplied += [(k, why) for k in ("Roles", "RoleMappings") if k in props]
    return f"{props['IdentityPoolId']}-roles", {}, unapplied


def bucket_policy(aws, props):
    s3 = aws.client("s3")
    unapplied = [(k, "no API parameter known to the applier") for k in props
                 if k not in ("Bucket", "PolicyDocument")]
    s3.put_bucket_policy(Bucket=props["Bucket"], Policy=json.dumps(props["PolicyDocument"]))
    return props["Bucket"], {}, unapplied


def authorizer(aws, props):
    apigw = aws.client("apigateway")
    mapping = {
        "RestApiId": "restApiId", "Name": "name", "Type": "type",
        "ProviderARNs": "providerARNs", "AuthType": "authType",
        "AuthorizerUri": "authorizerUri", "AuthorizerCredentials": "authorizerCredentials",
        "IdentitySource": "identitySource",
        "IdentityValidationExpression": "identityValidationExpression",
        "AuthorizerResultTtlInSeconds": "authorizerResultTtlInSeconds",
    }
    args, unapplied = split(props, mapping)
    out = apigw.create_authorizer(**args)
    return out["id"], {"AuthorizerId": out["id"]}, unapplied


def stage(aws, props):
    apigw = aws.client("apigateway")
    mapping = {
        "RestApiId": "restApiId", "StageName": "stageName", "DeploymentId": "deploymentId",
        "Description": "description", "CacheClusterEnabled": "cacheClusterEnabled",
        "CacheClusterSize": "cacheClusterSize", "Variables": "variables",
        "DocumentationVersion": "documentationVersion", "CanarySetting": "canarySettings",
        "TracingEnabled": "tracingEnabled", "Tags": "tags",
        "AccessLogSetting": None, "MethodSettings": None,  # UpdateStage, below
    }
    args, unapplied = split(props, mapping)
    if isinstance(args.get("tags"), list):
        args["tags"] = {t["Key"]: t["Value"] for t in args["tags"]}
    apigw.create_stage(**args)
    ops = []
    if "AccessLogSetting" in props:
        a = props["AccessLogSetting"]
        ops += [
            {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": a["DestinationArn"]},
            {"op": "replace", "path": "/accessLogSettings/format", "value": a["Format"]},
        ]
    for m in props.get("MethodSettings", []):
        base = f"{m.get('ResourcePath', '/*').replace('/', '~1')}/{m.get('HttpMethod', '*')}"
        for key, path in (
            ("MetricsEnabled", "metrics/enabled"),
            ("DataTraceEnabled", "logging/dataTrace"),
            ("ThrottlingBurstLimit", "throttling/burstLimit"),
            ("ThrottlingRateLimit", "throttling/rateLimit"),
            ("LoggingLevel", "logging/loglevel"),
        ):
            if key in m:
                # "~1*" is "/*": the path of every resource.
                ops.append({"op": "replace", "path": f"/{base}/{path}",
                            "value": str(m[key]).lower() if isinstance(m[key], bool) else str(m[key])})
    if ops:
        try:
            apigw.update_stage(restApiId=props["RestApiId"], stageName=props["StageName"], patchOperations=ops)
        except Exception as e:
            why = f"UpdateStage refused by the emulator ({type(e).__name__}: {e})"
            unapplied += [(k, why) for k in ("AccessLogSetting", "MethodSettings") if k in props]
    return props["StageName"], {}, unapplied


def method(aws, props):
    """moto's CloudFormation creates a Method without its authorizer, scopes or responses,
    and fails on an integration without IntegrationHttpMethod (MOCK): methods are applied."""
    apigw = aws.client("apigateway")
    mapping = {
        "RestApiId": "restApiId", "ResourceId": "resourceId", "HttpMethod": "httpMethod",
        "AuthorizationType": "authorizationType", "AuthorizerId": "authorizerId",
        "AuthorizationScopes": "authorizationScopes", "ApiKeyRequired": "apiKeyRequired",
        "OperationName": "operationName", "RequestParameters": "requestParameters",
        "RequestModels": "requestModels", "RequestValidatorId": "requestValidatorId",
        "Integration": None, "MethodResponses": None,  # below
    }
    args, unapplied = split(props, mapping)
    apigw.put_method(**args)
    where = {k: args[k] for k in ("restApiId", "resourceId", "httpMethod")}
    for r in props.get("MethodResponses", []):
        extra, bad = split(r, {"StatusCode": "statusCode", "ResponseParameters": "responseParameters",
                               "ResponseModels": "responseModels"})
        apigw.put_method_response(**where, **extra)
        unapplied += [(f"MethodResponses.{k}", why) for k, why in bad]
    if "Integration" in props:
        i = props["Integration"]
        imap = {
            "Type": "type", "IntegrationHttpMethod": "integrationHttpMethod", "Uri": "uri",
            "Credentials": "credentials", "RequestParameters": "requestParameters",
            "RequestTemplates": "requestTemplates", "PassthroughBehavior": "passthroughBehavior",
            "CacheNamespace": "cacheNamespace", "CacheKeyParameters": "cacheKeyParameters",
            "ContentHandling": "contentHandling", "TimeoutInMillis": "timeoutInMillis",
            "ConnectionType": "connectionType", "ConnectionId": "connectionId",
            "IntegrationResponses": None,
        }
        extra, bad = split(i, imap)
        apigw.put_integration(**where, **extra)
        unapplied += [(f"Integration.{k}", why) for k, why in bad]
        for r in i.get("IntegrationResponses", []):
            rx, bad = split(r, {"StatusCode": "statusCode", "SelectionPattern": "selectionPattern",
                                "ResponseParameters": "responseParameters",
                                "ResponseTemplates": "responseTemplates",
                                "ContentHandling": "contentHandling"})
            apigw.put_integration_response(**where, **rx)
            unapplied += [(f"Integration.IntegrationResponses.{k}", why) for k, why in bad]
    return f"{args['resourceId']}/{args['httpMethod']}", {}, unapplied


def gateway_response(aws, props):
    """moto's CloudFormation skips AWS::ApiGateway::GatewayResponse (with only a Python warning),
    which would leave the API's error responses without their CORS headers unnoticed: applied
    through PutGatewayResponse."""
    apigw = aws.client("apigateway")
    mapping = {
        "RestApiId": "restApiId", "ResponseType": "responseType", "StatusCode": "statusCode",
        "ResponseParameters": "responseParameters", "ResponseTemplates": "responseTemplates",
    }
    args, unapplied = split(props, mapping)
    apigw.put_gateway_response(**args)
    return f"{args['restApiId']}/{args['responseType']}", {}, unapplied


def bucket_completion(aws, ref, props):
    """moto's CloudFormation creates a bucket with its encryption and tags only: a bucket's
    NotificationConfiguration (Lambda, SQS and SNS destinations, what `triggers:` of a storage
    file renders) is applied through PutBucketNotificationConfiguration. The bucket's other
    dropped properties are the generic blind spot of run.py."""
    if "NotificationConfiguration" not in props:
        return []
    n = props["NotificationConfiguration"]

    def filter_of(c):
        rules = c.get("Filter", {}).get("S3Key", {}).get("Rules", [])
        return {"Filter": {"Key": {"FilterRules": [{"Name": r["Name"], "Value": r["Value"]}
                                                   for r in rules]}}} if rules else {}

    config, unapplied = {}, []
    for cfn, api, arn_prop, arn_api in (
        ("LambdaConfigurations", "LambdaFunctionConfigurations", "Function", "LambdaFunctionArn"),
        ("QueueConfigurations", "QueueConfigurations", "Queue", "QueueArn"),
        ("TopicConfigurations", "TopicConfigurations", "Topic", "TopicArn"),
    ):
        if cfn in n:
            config[api] = [{arn_api: c[arn_prop], "Events": [c["Event"]], **filter_of(c)}
                           for c in n[cfn]]
    if "EventBridgeConfiguration" in n:
        config["EventBridgeConfiguration"] = {}
    unapplied += [(f"NotificationConfiguration.{k}", "no API parameter known to the applier")
                  for k in n if k not in ("LambdaConfigurations", "QueueConfigurations",
                                          "TopicConfigurations", "EventBridgeConfiguration")]
    try:
        aws.client("s3").put_bucket_notification_configuration(
            Bucket=ref, NotificationConfiguration=config)
    except Exception as e:
        unapplied.append(("NotificationConfiguration",
                          f"PutBucketNotificationConfiguration refused by the emulator ({e})"))
    return unapplied


def function_completion(aws, ref, props):
    """moto's CloudFormation creates a function without its DeadLetterConfig, tags (and the
    other properties below): they are passed to UpdateFunctionConfiguration and TagResource, the
    APIs that document them. (moto keeps no DeadLetterConfig at all: a probed blind spot of run.py.)"""
    mapping = same("DeadLetterConfig", "TracingConfig", "KMSKeyArn", "Layers",
                   "EphemeralStorage", "LoggingConfig", "SnapStart", "FileSystemConfigs",
                   "ImageConfig")
    modelled = ("Code", "FunctionName", "Handler", "Role", "Runtime", "Description",
                "MemorySize", "Publish", "Timeout", "VpcConfig", "Environment",
                "ReservedConcurrentExecutions")
    mapping["Tags"] = None  # TagResource, below
    args, unapplied = split({k: v for k, v in props.items() if k not in modelled}, mapping)
    lam = aws.client("lambda")
    if props.get("Tags"):
        try:
            arn = lam.get_function(FunctionName=ref)["Configuration"]["FunctionArn"]
            lam.tag_resource(Resource=arn, Tags={t["Key"]: t["Value"] for t in props["Tags"]})
        except Exception as e:
            unapplied.append(("Tags", f"TagResource refused by the emulator ({e})"))
    if args:
        try:
            lam.update_function_configuration(FunctionName=ref, **args)
        except Exception as e:
            unapplied += [(k, f"UpdateFunctionConfiguration refused by the emulator ({e})")
                          for k in args]
    return unapplied


# Types moto's CloudFormation creates while dropping properties the service API can take:
# after the stack, completion(aws, Ref value, resolved properties) -> unapplied.
COMPLETIONS = {
    "AWS::S3::Bucket": bucket_completion,
    "AWS::Lambda::Function": function_completion,
}


APPLIERS = {
    "AWS::ApiGateway::Method": method,
    "AWS::Cognito::UserPool": user_pool,
    "AWS::Cognito::UserPoolClient": user_pool_client,
    "AWS::Cognito::UserPoolDomain": user_pool_domain,
    "AWS::Cognito::UserPoolIdentityProvider": user_pool_identity_provider,
    "AWS::Cognito::UserPoolGroup": user_pool_group,
    "AWS::Cognito::UserPoolResourceServer": user_pool_resource_server,
    "AWS::Cognito::IdentityPool": identity_pool,
    "AWS::Cognito::IdentityPoolRoleAttachment": identity_pool_role_attachment,
    "AWS::S3::BucketPolicy": bucket_policy,
    "AWS::ApiGateway::Authorizer": authorizer,
    "AWS::ApiGateway::Stage": stage,
    "AWS::ApiGateway::GatewayResponse": gateway_response,
}
