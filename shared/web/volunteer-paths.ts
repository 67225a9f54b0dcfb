/**
 * The paths of the volunteer's pages that other pages link to. Apart from the pages themselves, so
 * linking to one (the volunteer's page lists their certificates and offers registering) does not
 * load it: volunteer-self loads the registration and the certificate pages on first use.
 */
export const ME_REGISTER_PATH = '/me/register';
export const ME_REGISTER_CODE_PATH = '/me/register/code';
export const VERIFY_PATH = '/certificates';
export const verifyPathOf = (number: string) => `${VERIFY_PATH}/${encodeURIComponent(number)}`;
export const myCertificatePathOf = (number: string) => `/me/certificates/${encodeURIComponent(number)}`;
