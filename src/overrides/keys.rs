//! Properties that a configuration key already sets. Patching one works (the override wins),
//! but then the configuration no longer says what is deployed, and `outputs`, `access` or the
//! walkthrough may read the key: the patch is warned about, naming the key to use instead.

/// (resource type, property path or prefix, the key that sets it).
const KEYS: &[(&str, &str, &str)] = &[
    (
        "AWS::Cognito::UserPool",
        "MfaConfiguration",
        "mfa.mode in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "EnabledMfas",
        "mfa.methods in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "Policies.PasswordPolicy.MinimumLength",
        "password.min_length in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "Policies.PasswordPolicy.RequireLowercase",
        "password.require in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "Policies.PasswordPolicy.RequireUppercase",
        "password.require in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "Policies.PasswordPolicy.RequireNumbers",
        "password.require in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "Policies.PasswordPolicy.RequireSymbols",
        "password.require in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "Policies.PasswordPolicy.TemporaryPasswordValidityDays",
        "password.temporary_validity_days in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "UsernameAttributes",
        "login in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "AliasAttributes",
        "login in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "UsernameConfiguration",
        "login.case_sensitive in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "AccountRecoverySetting",
        "recovery in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "AdminCreateUserConfig.AllowAdminCreateUserOnly",
        "sign_up.self_service in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "Schema",
        "attributes in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "LambdaConfig.PreSignUp",
        "triggers in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "LambdaConfig.PostConfirmation",
        "triggers in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "LambdaConfig.PreAuthentication",
        "triggers in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "LambdaConfig.PostAuthentication",
        "triggers in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "LambdaConfig.PreTokenGeneration",
        "triggers in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "LambdaConfig.PreTokenGenerationConfig",
        "triggers in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "LambdaConfig.CustomMessage",
        "triggers in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "LambdaConfig.DefineAuthChallenge",
        "triggers in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "LambdaConfig.CreateAuthChallenge",
        "triggers in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "LambdaConfig.VerifyAuthChallengeResponse",
        "triggers in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "LambdaConfig.UserMigration",
        "triggers in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPoolClient",
        "ExplicitAuthFlows",
        "clients[].auth_flows in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPoolClient",
        "CallbackURLs",
        "clients[].callback_urls (or hosted_ui.callback_urls) in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPoolClient",
        "LogoutURLs",
        "clients[].logout_urls (or hosted_ui.logout_urls) in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPoolClient",
        "AccessTokenValidity",
        "clients[].access_token_minutes in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPoolClient",
        "IdTokenValidity",
        "clients[].id_token_minutes in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPoolClient",
        "RefreshTokenValidity",
        "clients[].refresh_token_days in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPoolClient",
        "AllowedOAuthScopes",
        "hosted_ui.scopes in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPoolDomain",
        "Domain",
        "hosted_ui.domain_prefix in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "UserPoolTier",
        "plan in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "Policies.SignInPolicy",
        "passwordless in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "WebAuthnRelyingPartyID",
        "passwordless.passkeys.relying_party in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "WebAuthnUserVerification",
        "passwordless.passkeys.user_verification in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "EmailConfiguration",
        "email.ses in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "VerificationMessageTemplate",
        "email.verification in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "AdminCreateUserConfig.InviteMessageTemplate",
        "email.invitation in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "EmailAuthenticationMessage",
        "email.one_time_code in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "EmailAuthenticationSubject",
        "email.one_time_code in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPool",
        "UserPoolAddOns",
        "threat_protection in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPoolClient",
        "RefreshTokenRotation",
        "clients[].refresh_token_rotation in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPoolDomain",
        "ManagedLoginVersion",
        "hosted_ui.managed_login in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPoolDomain",
        "CustomDomainConfig",
        "environments.<env>.custom_domain in cogform.yaml",
    ),
    (
        "AWS::Cognito::UserPoolGroup",
        "Precedence",
        "groups[].precedence in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::UserPoolGroup",
        "Description",
        "groups[].description in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::IdentityPool",
        "AllowUnauthenticatedIdentities",
        "identity_pool.guest_access in backend/auth.yaml",
    ),
    (
        "AWS::Cognito::IdentityPoolRoleAttachment",
        "RoleMappings",
        "identity_pool.group_roles / users_without_group in backend/auth.yaml",
    ),
    (
        "AWS::ApiGateway::Method",
        "AuthorizationType",
        "the route's auth in its backend/api file",
    ),
    (
        "AWS::ApiGateway::Method",
        "AuthorizationScopes",
        "the route's scopes in its backend/api file",
    ),
    (
        "AWS::ApiGateway::Stage",
        "MethodSettings",
        "throttling in its backend/api file",
    ),
    (
        "AWS::Logs::LogGroup",
        "RetentionInDays",
        "log_retention_days in its backend/api file",
    ),
    (
        "AWS::Lambda::Function",
        "Runtime",
        "functions.<name>.runtime in its backend/api file",
    ),
    (
        "AWS::Lambda::Function",
        "Handler",
        "functions.<name>.handler in its backend/api file",
    ),
    (
        "AWS::Lambda::Function",
        "Code",
        "functions.<name>.code in its backend/api file",
    ),
    (
        "AWS::S3::Bucket",
        "CorsConfiguration",
        "cors in its backend/storage file",
    ),
    (
        "AWS::S3::Bucket",
        "LifecycleConfiguration",
        "noncurrent_version_days in its backend/storage file",
    ),
];

/// The configuration key that sets property `path` (dotted) of a resource of type `kind`.
pub fn config_key(kind: &str, path: &str) -> Option<&'static str> {
    KEYS.iter()
        .find(|(t, p, _)| {
            *t == kind && (path == *p || path.strip_prefix(p).is_some_and(|r| r.starts_with('.')))
        })
        .map(|(_, _, key)| *key)
}

#[cfg(test)]
mod tests {
    use super::config_key;

    #[test]
    fn names_the_key_of_a_property_or_anything_below_it() {
        assert_eq!(
            config_key("AWS::Cognito::UserPool", "MfaConfiguration"),
            Some("mfa.mode in backend/auth.yaml")
        );
        assert_eq!(
            config_key("AWS::Cognito::UserPool", "Schema.0.Name"),
            Some("attributes in backend/auth.yaml")
        );
        assert_eq!(config_key("AWS::Cognito::UserPool", "UserPoolTags"), None);
        assert_eq!(
            config_key(
                "AWS::Cognito::UserPool",
                "Policies.SignInPolicy.AllowedFirstAuthFactors"
            ),
            Some("passwordless in backend/auth.yaml")
        );
        assert_eq!(
            config_key(
                "AWS::Cognito::UserPool",
                "AdminCreateUserConfig.InviteMessageTemplate.EmailSubject"
            ),
            Some("email.invitation in backend/auth.yaml")
        );
        assert_eq!(
            config_key("AWS::Cognito::UserPool", "LambdaConfig.KMSKeyID"),
            None
        );
    }
}
