/**
 * The one answer to every refused sign-in, as a person reads it: the same for an unknown name, a
 * wrong password and an account in its pause, and honest about the pause for everyone.
 */
export const WRONG = {
  fi: "Kirjautuminen ei onnistunut. Tarkista käyttäjätunnus ja salasana. Useiden epäonnistuneiden yritysten jälkeen kirjautuminen on hetken tauolla; saat silloin sähköpostiisi ohjeet.",
  sv: "Inloggningen misslyckades. Kontrollera användarnamnet och lösenordet. Efter flera misslyckade försök pausas inloggningen en stund; du får då anvisningar per e-post.",
  en: "Sign-in failed. Check your username and password. After several failed attempts, sign-in pauses for a while; you will then get instructions by e-mail.",
} as const;
