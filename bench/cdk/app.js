// The stack of examples/photo-sharing written as an AWS CDK app (plain JavaScript, the
// constructs a CDK user would reach for: L2 where aws-cdk-lib has one, L1 where it has none),
// for bench/run.sh. `node app.js` synthesizes it into $CDK_OUTDIR (default: ./cdk.out), as
// `cdk synth` would. The differences from cogform's template are listed in BENCHMARKS.md.
'use strict';

const path = require('path');
const cdk = require('aws-cdk-lib');
const apigw = require('aws-cdk-lib/aws-apigateway');
const cognito = require('aws-cdk-lib/aws-cognito');
const iam = require('aws-cdk-lib/aws-iam');
const lambda = require('aws-cdk-lib/aws-lambda');
const logs = require('aws-cdk-lib/aws-logs');
const s3 = require('aws-cdk-lib/aws-s3');

const ORIGINS = ['http://localhost:5173', 'https://photos.example.com'];
const URLS = ['http://localhost:5173/', 'https://photos.example.com/'];
const SUB = '${cognito-identity.amazonaws.com:sub}';

// The feature flags `cdk init` writes into a new project's cdk.json that this stack touches.
const app = new cdk.App({
  outdir: process.env.CDK_OUTDIR || path.join(__dirname, 'cdk.out'),
  context: {
    '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
    '@aws-cdk/aws-apigateway:disableCloudWatchRole': true,
    '@aws-cdk/aws-iam:minimizePolicies': true,
    '@aws-cdk/core:validateSnapshotRemovalPolicy': true,
  },
});
const stack = new cdk.Stack(app, 'photos-dev', {
  description: 'photos (dev): authentication and authorization.',
});

// ---- auth: user pool, Google, hosted UI domain, web client ------------------------------
const pool = new cognito.UserPool(stack, 'UserPool', {
  userPoolName: 'photos-dev',
  selfSignUpEnabled: true,
  signInAliases: { email: true },
  signInCaseSensitive: false,
  autoVerify: { email: true },
  keepOriginal: { email: true },
  standardAttributes: {
    email: { required: true, mutable: true },
    preferredUsername: { required: false, mutable: true },
  },
  passwordPolicy: {
    minLength: 12,
    requireLowercase: true,
    requireUppercase: true,
    requireDigits: true,
    requireSymbols: true,
    tempPasswordValidity: cdk.Duration.days(7),
  },
  mfa: cognito.Mfa.OPTIONAL,
  mfaSecondFactor: { otp: true, sms: false },
  accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
  deletionProtection: true,
  removalPolicy: cdk.RemovalPolicy.RETAIN,
});

const secret = (key) => cdk.SecretValue.secretsManager('photos/google', { jsonField: key });
const google = new cognito.UserPoolIdentityProviderGoogle(stack, 'IdentityProviderGoogle', {
  userPool: pool,
  clientId: secret('client_id').unsafeUnwrap(),
  clientSecretValue: secret('client_secret'),
  scopes: ['openid', 'email', 'profile'],
  attributeMapping: { email: cognito.ProviderAttribute.GOOGLE_EMAIL },
});

pool.addDomain('UserPoolDomain', { cognitoDomain: { domainPrefix: 'photos-example-dev' } });

const client = pool.addClient('UserPoolClientWeb', {
  userPoolClientName: 'web',
  generateSecret: false,
  authFlows: { userSrp: true },
  preventUserExistenceErrors: true,
  enableTokenRevocation: true,
  accessTokenValidity: cdk.Duration.minutes(60),
  idTokenValidity: cdk.Duration.minutes(60),
  refreshTokenValidity: cdk.Duration.days(30),
  authSessionValidity: cdk.Duration.minutes(3),
  readAttributes: new cognito.ClientAttributes()
    .withStandardAttributes({ email: true, emailVerified: true, preferredUsername: true }),
  writeAttributes: new cognito.ClientAttributes()
    .withStandardAttributes({ email: true, preferredUsername: true }),
  supportedIdentityProviders: [
    cognito.UserPoolClientIdentityProvider.COGNITO,
    cognito.UserPoolClientIdentityProvider.GOOGLE,
  ],
  oAuth: {
    flows: { authorizationCodeGrant: true },
    scopes: [cognito.OAuthScope.EMAIL, cognito.OAuthScope.OPENID, cognito.OAuthScope.PROFILE],
    callbackUrls: URLS,
    logoutUrls: URLS,
  },
});
client.node.addDependency(google);

// ---- identity pool and its roles ---------------------------------------------------------
const identityPool = new cognito.CfnIdentityPool(stack, 'IdentityPool', {
  identityPoolName: 'photos_dev',
  allowUnauthenticatedIdentities: true,
  allowClassicFlow: false,
  cognitoIdentityProviders: [{
    clientId: client.userPoolClientId,
    providerName: pool.userPoolProviderName,
    serverSideTokenCheck: true,
  }],
});

const identityRole = (id, amr, description) => new iam.Role(stack, id, {
  description,
  assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
    StringEquals: { 'cognito-identity.amazonaws.com:aud': identityPool.ref },
    'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
  }, 'sts:AssumeRoleWithWebIdentity'),
});

const roles = {
  Guest: identityRole('GuestRole', 'unauthenticated', 'Credentials of guests (visitors who have not signed in).'),
  Authenticated: identityRole('AuthenticatedRole', 'authenticated', 'Credentials of signed-in users.'),
};
for (const [name, precedence, description] of [['ADMINS', 0, 'Administrators'], ['EDITORS', 1, 'Curate albums']]) {
  const role = identityRole(`Group${name}Role`, 'authenticated',
    'Credentials of signed-in members of a user pool group (chosen from the id token).');
  roles[`Group${name}`] = role;
  new cognito.CfnUserPoolGroup(stack, `Group${name}`, {
    userPoolId: pool.userPoolId,
    groupName: name,
    precedence,
    description,
    roleArn: role.roleArn,
  });
}

new cognito.CfnIdentityPoolRoleAttachment(stack, 'IdentityPoolRoleAttachment', {
  identityPoolId: identityPool.ref,
  roles: { authenticated: roles.Authenticated.roleArn, unauthenticated: roles.Guest.roleArn },
  roleMappings: {
    web: {
      type: 'Token',
      ambiguousRoleResolution: 'Deny',
      identityProvider: cdk.Fn.join(':', [pool.userPoolProviderName, client.userPoolClientId]),
    },
  },
});

// ---- storage: the media bucket, its access-log bucket, one managed policy per role -------
const hardened = {
  encryption: s3.BucketEncryption.S3_MANAGED,
  bucketKeyEnabled: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  versioned: true,
  enforceSSL: true,
  removalPolicy: cdk.RemovalPolicy.RETAIN,
};
const logBucket = new s3.Bucket(stack, 'StorageMediaLogBucket', {
  ...hardened,
  bucketName: cdk.Fn.sub('photos-media-dev-logs-${AWS::AccountId}'),
  lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: cdk.Duration.days(365), noncurrentVersionExpiration: cdk.Duration.days(30) }],
});
const bucket = new s3.Bucket(stack, 'StorageMediaBucket', {
  ...hardened,
  bucketName: cdk.Fn.sub('photos-media-dev-${AWS::AccountId}'),
  serverAccessLogsBucket: logBucket,
  serverAccessLogsPrefix: 'access-logs/',
  lifecycleRules: [{ id: 'ExpireOldVersions', noncurrentVersionExpiration: cdk.Duration.days(30), abortIncompleteMultipartUploadAfter: cdk.Duration.days(7) }],
  cors: [{
    id: 'AllowConfiguredOrigins',
    allowedOrigins: ORIGINS,
    allowedMethods: [s3.HttpMethods.DELETE, s3.HttpMethods.GET, s3.HttpMethods.HEAD, s3.HttpMethods.POST, s3.HttpMethods.PUT],
    allowedHeaders: ['*'],
    exposedHeaders: ['ETag', 'x-amz-id-2', 'x-amz-request-id', 'x-amz-server-side-encryption'],
    maxAge: 3000,
  }],
});

const READ = ['s3:GetObject'];
const WRITE = ['s3:PutObject', 's3:AbortMultipartUpload'];
const ALL = [...READ, ...WRITE, 's3:DeleteObject'];
const objects = (sid, actions, prefix) => new iam.PolicyStatement({
  sid, actions, resources: [bucket.arnForObjects(`${prefix}*`)],
});
const list = (sid, prefix) => new iam.PolicyStatement({
  sid, actions: ['s3:ListBucket'], resources: [bucket.bucketArn],
  conditions: { StringLike: { 's3:prefix': [prefix, `${prefix}*`] } },
});
const owner = () => [
  objects('MediaPrivateOwnerObjects', ALL, `private/${SUB}/`),
  list('MediaPrivateOwnerList', `private/${SUB}/`),
  objects('MediaProtectedOwnerObjects', [...WRITE, 's3:DeleteObject'], `protected/${SUB}/`),
];
const signedIn = (label, albums) => [
  objects(`MediaAlbums${label}Objects`, albums, 'albums/'),
  list(`MediaAlbums${label}List`, 'albums/'),
  ...owner(),
  objects(`MediaProtected${label}Objects`, READ, 'protected/*/'),
  list(`MediaProtected${label}List`, 'protected/'),
  objects(`MediaPublic${label}Objects`, ALL, 'public/'),
  list(`MediaPublic${label}List`, 'public/'),
  objects(`MediaUploads${label}Objects`, WRITE, 'uploads/'),
];
const storageGrants = {
  Guest: [
    objects('MediaProtectedGuestObjects', READ, 'protected/*/'),
    list('MediaProtectedGuestList', 'protected/'),
    objects('MediaPublicGuestObjects', READ, 'public/'),
    list('MediaPublicGuestList', 'public/'),
  ],
  Authenticated: signedIn('Authenticated', READ),
  GroupADMINS: signedIn('GroupADMINS', ALL),
  GroupEDITORS: signedIn('GroupEDITORS', [...READ, ...WRITE]),
};
for (const [label, statements] of Object.entries(storageGrants)) {
  new iam.ManagedPolicy(stack, `StorageMedia${label}Policy`, {
    description: `Storage media: what the ${label} role may do in the bucket.`,
    roles: [roles[label]],
    statements,
  });
}

// ---- the photos REST API -----------------------------------------------------------------
const accessLogs = new logs.LogGroup(stack, 'ApiPhotosAccessLogs', {
  retention: logs.RetentionDays.ONE_YEAR,
  removalPolicy: cdk.RemovalPolicy.RETAIN,
});
const api = new apigw.RestApi(stack, 'ApiPhotos', {
  restApiName: 'photos-photos-dev',
  endpointConfiguration: { types: [apigw.EndpointType.REGIONAL] },
  cloudWatchRole: false,
  deployOptions: {
    stageName: 'dev',
    tracingEnabled: true,
    metricsEnabled: true,
    dataTraceEnabled: false,
    throttlingRateLimit: 100,
    throttlingBurstLimit: 200,
    accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
    accessLogFormat: apigw.AccessLogFormat.custom(JSON.stringify({
      requestId: '$context.requestId', requestTime: '$context.requestTime',
      sourceIp: '$context.identity.sourceIp', httpMethod: '$context.httpMethod',
      resourcePath: '$context.resourcePath', status: '$context.status',
      responseLength: '$context.responseLength',
      cognitoIdentityId: '$context.identity.cognitoIdentityId',
      cognitoAuthenticationType: '$context.identity.cognitoAuthenticationType',
      userSub: '$context.authorizer.claims.sub', integrationLatency: '$context.integrationLatency',
    })),
  },
  defaultCorsPreflightOptions: {
    allowOrigins: ORIGINS,
    allowHeaders: ['Authorization', 'Content-Type', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Amz-User-Agent', 'X-Api-Key'],
    statusCode: 204,
  },
});

const photosFn = lambda.Function.fromFunctionArn(stack, 'PhotosFunction',
  'arn:aws:lambda:eu-west-1:123456789012:function:photos-api');
const profileLogs = new logs.LogGroup(stack, 'ApiPhotosFunctionProfileLogGroup', {
  logGroupName: '/aws/lambda/photos-photos-profile-dev',
  retention: logs.RetentionDays.ONE_YEAR,
  removalPolicy: cdk.RemovalPolicy.RETAIN,
});
const profileFn = new lambda.Function(stack, 'ApiPhotosFunctionProfile', {
  functionName: 'photos-photos-profile-dev',
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromAsset(path.join(__dirname, '../../examples/photo-sharing/functions/profile')),
  memorySize: 256,
  timeout: cdk.Duration.seconds(10),
  logGroup: profileLogs,
});

const authorizer = new apigw.CognitoUserPoolsAuthorizer(stack, 'ApiPhotosCognitoAuthorizer', {
  authorizerName: 'CognitoUserPool',
  cognitoUserPools: [pool],
});
const iamAuth = { authorizationType: apigw.AuthorizationType.IAM };
const tokenAuth = (scopes) => ({
  authorizationType: apigw.AuthorizationType.COGNITO,
  authorizer,
  ...(scopes ? { authorizationScopes: scopes } : {}),
});
const photos = new apigw.LambdaIntegration(photosFn);
const profile = new apigw.LambdaIntegration(profileFn);

const photosRes = api.root.addResource('photos');
const photoRes = photosRes.addResource('{id}');
const routes = {
  'GET /photos': photosRes.addMethod('GET', photos, iamAuth),
  'POST /photos': photosRes.addMethod('POST', photos, iamAuth),
  'GET /photos/*': photoRes.addMethod('GET', photos, iamAuth),
  'DELETE /photos/*': photoRes.addMethod('DELETE', photos, iamAuth),
};
api.root.addResource('me').addMethod('GET', profile, tokenAuth());
api.root.addResource('admin').addResource('{proxy+}')
  .addMethod('ANY', photos, tokenAuth(['aws.cognito.signin.user.admin']));

const invoke = (label, allowed) => new iam.ManagedPolicy(stack, `ApiPhotos${label}Policy`, {
  description: `API photos: the routes the ${label} role may invoke.`,
  roles: [roles[label]],
  statements: [new iam.PolicyStatement({
    sid: `Photos${label}Invoke`,
    actions: ['execute-api:Invoke'],
    resources: allowed.map((route) => {
      const [verb, p] = route.split(' ');
      return api.arnForExecuteApi(verb, p, 'dev');
    }),
  })],
});
invoke('Guest', ['GET /photos', 'GET /photos/*']);
invoke('Authenticated', ['GET /photos', 'GET /photos/*']);
invoke('GroupADMINS', ['DELETE /photos/*', 'GET /photos', 'GET /photos/*', 'POST /photos']);
invoke('GroupEDITORS', ['GET /photos', 'GET /photos/*', 'POST /photos']);
void routes;

// ---- outputs -----------------------------------------------------------------------------
const out = (id, value, description, exportName) =>
  new cdk.CfnOutput(stack, id, { value, description, ...(exportName ? { exportName } : {}) });
out('Region', stack.region, 'AWS Region of the stack.');
out('UserPoolId', pool.userPoolId, 'Cognito user pool id.', `${stack.stackName}-UserPoolId`);
out('UserPoolArn', pool.userPoolArn, 'Cognito user pool ARN.');
out('UserPoolClientWebId', client.userPoolClientId, 'App client id.', `${stack.stackName}-UserPoolClientWebId`);
out('HostedUiDomain', cdk.Fn.sub('photos-example-dev.auth.${AWS::Region}.amazoncognito.com'), 'Hosted UI (OAuth) domain.');
out('IdentityPoolId', identityPool.ref, 'Cognito identity pool id.', `${stack.stackName}-IdentityPoolId`);
out('AuthenticatedRoleArn', roles.Authenticated.roleArn, 'Role of signed-in users.');
out('GuestRoleArn', roles.Guest.roleArn, 'Role of guests.');
out('StorageMediaBucketName', bucket.bucketName, 'Name of the media bucket.');
out('ApiPhotosUrl', api.url, 'Invoke URL of the photos API.');
out('ApiPhotosId', api.restApiId, 'Id of the photos API.');
out('ApiPhotosStage', api.deploymentStage.stageName, 'Stage of the photos API.');

app.synth();
