/** The CDK context of a deployment in Beijing (cn-north-1) as deploy-china.md gives it: its own OpenID provider, Aliyun SMS, no email. */
export const CHINA_CONTEXT = {
  region: 'cn-north-1',
  oidcIssuer: 'https://sso.example.cn/realms/paidan',
  oidcClientId: 'paidan-console',
  smsProvider: 'aliyun',
  smsTemplates: 'docs/examples/sms-templates.aliyun.json',
  emailTransport: 'off',
} as const;
