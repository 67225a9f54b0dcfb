import { Aws, Duration, Fn, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { RESERVED_DOMAIN_WORDS } from '../context-options';
import { cognitoClaims, type StaffSignInConfig } from '#shared/http/staff-sign-in';

export interface AdminUsersProps {
  /**
   * Where the browser console lives (`${ApiUrl}/console`): the app client's OAuth callback
   * and logout URL. The client then depends on the API, and the API's admin routes on the
   * client (through the authorizer), and the console's function on the client and the domain
   * (its environment), which is no cycle: the API resource itself never refers to any of them.
   */
  readonly consoleUrl: string;
  /**
   * The prefix of the Cognito-hosted sign-in domain (`https://<prefix>.auth.<region>.amazoncognito.com`),
   * unique in the region across all AWS accounts. Checked by `assertDomainPrefix` before it gets here.
   * @default the stack name (lower case, without the words Cognito reserves) and the last 12 hex
   * digits of the stack's id, e.g. `paidan-0a1b2c3d4e5f`: unique without anyone choosing it
   */
  readonly signInDomainPrefix?: string;
}

/** Where the console sends staff to sign in: a Cognito domain and the app client, as the console's function gets them. */
export interface StaffSignIn {
  /** `https://<prefix>.auth.<region>.amazoncognito.com`, no trailing slash. */
  readonly domainUrl: string;
  readonly clientId: string;
}

/**
 * The default sign-in domain prefix: the stack name made fit for a prefix, then the last group of
 * the stack id's UUID (known only at deploy time, so unique per stack, account and region).
 */
function defaultDomainPrefix(stack: Stack): string {
  let name = Token.isUnresolved(stack.stackName) ? '' : stack.stackName.toLowerCase();
  // Until none is left: taking one out may join the letters of another ("awamazons").
  while (RESERVED_DOMAIN_WORDS.some((word) => name.includes(word))) {
    for (const word of RESERVED_DOMAIN_WORDS) name = name.split(word).join('');
  }
  name = name
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  const uuid = Fn.select(2, Fn.split('/', Aws.STACK_ID));
  return `${name || 'paidan'}-${Fn.select(4, Fn.split('-', uuid))}`;
}

const AREA_CLAIM = cognitoClaims.areaClaim;
/** `custom:areaId` → `areaId`: the name CDK and Cognito's CreateUserPool take, without the prefix. */
const AREA_ATTRIBUTE = AREA_CLAIM.replace(/^custom:/, '');

/**
 * Center admins and station staff, where the stack keeps its own accounts (the default in the
 * global partition; the AWS China regions have no user pools): a Cognito user pool, its two
 * groups, the app client staff sign in with, and the Cognito-hosted domain whose managed login
 * pages the console sends them to. The pool is then the staff sign-in's issuer like any other
 * (`staffSignIn`: its issuer URL, the client id, `cognito:groups`), checked by the same JWT
 * authorizer and function code. Admins create accounts (`scripts/admin-user.ts`); nobody signs up.
 */
export class AdminUsers extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>`: the `iss` of the pool's tokens. */
  readonly issuerUrl: string;
  /** The Cognito-hosted domain serving the managed login pages and the OAuth 2.0 endpoints. */
  readonly domain: cognito.UserPoolDomain;
  readonly signIn: StaffSignIn;

  constructor(scope: Construct, id: string, props: AdminUsersProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // The station's area: what station staff may act on. Set by admins only (see the
      // client's write attributes below); read into the ID token as `custom:areaId`.
      customAttributes: { [AREA_ATTRIBUTE]: new cognito.StringAttribute({ minLen: 1, maxLen: 200, mutable: true }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 5,
        tempPasswordValidity: Duration.days(7),
      },
      // These accounts redeem and void volunteers' credit: a password alone is not enough.
      // TOTP only: SMS would need an SNS role, sender registration and per-message cost.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      userInvitation: {
        emailSubject: '派单 Paidan 管理账号 / admin account',
        emailBody:
          '您的派单管理账号 / Your Paidan admin account: {username}<br>' +
          '请用本邮箱地址登录 / Sign in with this email address.<br>' +
          '临时密码 / Temporary password: {####}<br>' +
          '首次登录时请设置新密码并绑定验证器应用 / At first sign-in, set a new password and add an authenticator app (TOTP).',
      },
      // Lite would do today; Essentials (the default for new pools, free for a pool this size)
      // gives password history now and managed login for the browser console later.
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      // People's accounts: neither a stack update that replaces the pool nor `cdk destroy`
      // may delete them, and nor may a click in the console.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'Threat protection needs the Plus feature plan, billed for every monthly active user with no free tier: a paid-plan decision for the operator, not a default. ' +
        'The pool holds a few staff accounts that only admins create (no self sign-up), with TOTP MFA required and a 12-character password policy with history.',
    });

    for (const [role, groupName, description, precedence] of [
      ['Center', cognitoClaims.centerRole, 'Center admins: everything in the city (all areas, services, teams and credits).', 0],
      ['Station', cognitoClaims.stationRole, `Station staff: only their own area, the ${AREA_CLAIM} attribute of their account.`, 1],
    ] as const) {
      // Kept with the pool: a destroy must not leave its accounts without their roles.
      new cognito.CfnUserPoolGroup(this, `${role}Group`, {
        userPoolId: this.userPool.userPoolId,
        groupName,
        description,
        precedence,
      }).applyRemovalPolicy(RemovalPolicy.RETAIN);
    }

    this.client = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: {
        userSrp: true,
        // For `aws cognito-idp initiate-auth` (README "Deploy to AWS"): the AWS CLI cannot do
        // SRP, and staff have no AWS credentials for ADMIN_USER_PASSWORD_AUTH. The password goes
        // to Cognito over TLS only; with MFA required it yields no token on its own.
        userPassword: true,
      },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        // What the console asks for (`openid email profile`): the ID token, its email and name.
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [props.consoleUrl],
        logoutUrls: [props.consoleUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      // Long enough to type a new password and a first TOTP code between CLI calls.
      authSessionValidity: Duration.minutes(10),
      // The ID token carries what the client may read: email and the area the handlers check.
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(AREA_ATTRIBUTE),
      // Staff may change their display name only: never their own area (their scope) or email.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    // The console's sign-in: managed login (Essentials plan) on a Cognito prefix domain. It asks
    // for the new password and the authenticator setup at first sign-in and for the TOTP code
    // every time, in Cognito's pages; the console only runs the authorization code grant with
    // PKCE against it. A custom domain would need a certificate in us-east-1 and DNS: not needed.
    this.domain = this.userPool.addDomain('SignInDomain', {
      cognitoDomain: { domainPrefix: props.signInDomainPrefix ?? defaultDomainPrefix(Stack.of(this)) },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // Managed login serves an app client only once it has a style: Cognito's own look here.
    new cognito.CfnManagedLoginBranding(this, 'ConsoleLoginStyle', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    this.signIn = { domainUrl: this.domain.baseUrl(), clientId: this.client.userPoolClientId };

    this.issuerUrl = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }

  /** The pool as the staff sign-in's issuer: its tokens' `iss`, the console client as audience, Cognito's claim names. */
  get staffSignIn(): StaffSignInConfig {
    return { issuer: this.issuerUrl, clientId: this.client.userPoolClientId, ...cognitoClaims };
  }
}
