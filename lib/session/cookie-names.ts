/** `__Host-` in production: only this origin, over HTTPS, for the whole site, can set it. */
export const tunnusCookieName = (name: string, secure: boolean) =>
  secure ? `__Host-tunnus.${name}` : `tunnus.${name}`;

export const linkIntentCookieName = (secure: boolean) => tunnusCookieName("link-intent", secure);
