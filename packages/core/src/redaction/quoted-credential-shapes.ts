// The shapes of a credential as a server or proxy may quote the request it was sent, for
// `redactQuotedCredentials` (redact.ts). Each constant built from others is made in a
// `/* @__PURE__ */` call: a bundler keeps a module-level `String.raw` or `new RegExp` it cannot
// prove pure, so a bundle of the dist that never redacts would carry them all.

// One of `names` where it starts a word or follows a URL escape (`%20Bearer`, `%0AAuthorization`,
// whose last hex digit is a word character, so `\b` alone misses it), or what `before` says. The
// lookbehind comes after the names, so that the engine searches for their letters rather than
// trying the lookbehind at every character (which took 10 to 50 times as long on 1 MiB of text).
// A URL escape's `%`, also URL-encoded again once or more (`%25`: `%253D` is `%3D` of a URL
// quoted in another URL's query, a redirect's or a logged request's).
const PERCENT = '%(?:25)*';
const ESCAPE = /* @__PURE__ */ (() => String.raw`${PERCENT}[\dA-Fa-f]{2}`)();
const named = (names: string, before = String.raw`\b|${ESCAPE}`): string =>
  `(?:${names})(?<=(?:${before})(?:${names}))`;

// A token68 character (RFC 9110 §11.2), `+` and `/` also URL-encoded (`%2B`, `%2F`).
const TOKEN68_CHAR = /* @__PURE__ */ (() => String.raw`(?:[\w.~+/-]|${PERCENT}2[BF])`)();
// A header's folding onto its next line (RFC 9112 §5.2 obs-fold): a line end, then blanks.
const FOLD = /* @__PURE__ */ (() => String.raw`\r?\n[ \t]+`)();

// An HTTP authorization value (`Bearer …`, `DPoP …`, `Basic …`, the scheme in any case as RFC 9110
// §11.1 allows, its token68 at least 16 characters long, so that "a Bearer or PoP token" stays, or
// shorter but ending in base64 padding, as `Basic Ym9iOmh1bnRlcjI=` does; a fold may split the
// token68, and a lookahead that reads 16 characters at most counts its pieces together; a shorter
// one without padding is group 1, a credential when it decodes to `user:password`, RFC 7617 §2), a
// token or secret sent as a query or form parameter (`access_token=…`, `client_secret=…`, an API
// key's `key=…` or `api_key=…`, a signed URL's `sig=…`: name and `=` group 2, value of 16
// characters or more group 3, which stays when it reads as prose, `token=AccessDeniedException`),
// or an AWS SigV4 `Signature=` (replayable for minutes). A control character between a scheme and
// its value counts as a blank, and so do a URL's `%20` and a form's `+`
// (`?authorization=Bearer%20…`): the text is read before `trimRemoteText` makes control characters
// spaces, so that a quoted header ends at its line end. URL-encoded, a token68's `+`, `/` and `=`
// are `%2B`, `%2F`, `%3D`, and a parameter's `=` is `%3D`.
export const QUOTED_AUTHORIZATION = /* @__PURE__ */ (() =>
  new RegExp(
    String.raw`${named('bearer|dpop|basic')}(?:[\s\u0000-\u001f\u007f]|${PERCENT}20|\+)+(?:(?=(?:(?:${FOLD})?${TOKEN68_CHAR}){16})${TOKEN68_CHAR}+(?:${FOLD}${TOKEN68_CHAR}+)*(?:=|${PERCENT}3D)*|([A-Za-z0-9+/]{2,}={0,2})(?=$|[\s\u0000-\u001f\u007f,;)]))|(${named('access_token|refresh_token|id_token|token|client_secret|client_assertion|password|secret_id|sig|api-key|key|api_key|apikey')}(?:=|${PERCENT}3D))([^\s&#"',;]{16,})|\bSignature=[0-9a-f]{64}`,
    'gi',
  ))();
// An OAuth authorization code (RFC 6749 §4.1.2), a PKCE verifier (RFC 7636 §4.5) or a device
// code (RFC 8628 §3.4) sent as a query or form parameter, as a server may quote the redirect or
// the token request it was sent, or written as a JSON member (a token request sent as JSON, a
// validation error quoting the body it refused, a device authorization response, RFC 8628 §3.2):
// name with its `=` or its quotes and colon (group 1), value of 16 characters or more (2).
// The name is a parameter's (after `?`, `&`, a blank, a quote, a URL escape or nothing, and its
// `=` maybe `%3D`), not an `error_code=` or `error-code=`; whether the value is prose
// (`code=ERR_ACCESS_DENIED_0x5`) is the caller's to say.
export const OAUTH_CODE = /* @__PURE__ */ (() =>
  new RegExp(
    String.raw`(${named('(?:device_)?code', String.raw`^|[^\w.-]|${ESCAPE}`)}(?:_verifier)?(?:=|${PERCENT}3D|\\?["'][ \t]*:[ \t]*\\?["']))([^\s&#"',;\\]{16,})`,
    'g',
  ))();
// A JWT (`eyJ…`, a base64url JSON header), its dots also URL-encoded (`%2E`). It starts a `[\w-]`
// run or follows a URL escape: were it searched for at every `eyJ` after a `-` too, each search
// would read on to the run's end for the `.`, and `eyJ-` repeated would cost the square of its
// length (64 KiB took 3.5 s).
export const QUOTED_JWT = /* @__PURE__ */ (() =>
  new RegExp(
    String.raw`${named('eyJ', String.raw`^|[^\w-]|${ESCAPE}`)}[\w-]{8,}(?:\.|${PERCENT}2[Ee])(?:[\w.~+/=-]|${PERCENT}2[Ee])*`,
    'g',
  ))();
// What may stand between a credential's name and its value: a colon (or a look-alike one, which
// a server's font-swapped echo may have: fullwidth, small, vertical, modifier letter, ratio) or an
// equals sign, either also URL-encoded (`%3A`, `%3D`), with blanks (`%20` and no-break spaces,
// U+00A0 and the narrow U+202F French puts before a colon, too) and a header's folding onto the
// next line (RFC 9112 §5.2 obs-fold), the name and the value each in quotes or not (JSON's
// `"…":"…"`, a Python dict's `'…': '…'`, JSON escaped inside a JSON string, `\"…\":\"…\"`,
// Markdown's backticks and typographic quotes, `“…”: “…”`).
const COLONS = ':\uff1a\ufe55\ufe13\ua789\u2236';
const SPACE = /* @__PURE__ */ (() => String.raw`[ \t\u00a0\u202f]`)();
const BLANKS = /* @__PURE__ */ (() => String.raw`(?:${SPACE}|\r?\n[ \t]|${PERCENT}20)`)();
const TYPOGRAPHIC_QUOTES = '\u2018\u2019\u201c\u201d';
const QUOTE_CHAR = /* @__PURE__ */ (() => String.raw`\\?["'\`${TYPOGRAPHIC_QUOTES}]`)();
const QUOTE = /* @__PURE__ */ (() => `(?:${QUOTE_CHAR})?`)();
const SEPARATOR = /* @__PURE__ */ (() =>
  `${QUOTE}${SPACE}*(?:[=${COLONS}]|${PERCENT}3[AD])${BLANKS}*${QUOTE}`)();
// A credential header quoted with its name (`Authorization: …`, `Proxy-Authorization: …`, and the
// `X-Act-Assertion: …` of docs/wire-format.md; JSON's `"authorization":"…"` and a query's
// `authorization=…` too): its name (group 1), separator (2), a scheme other than Bearer, DPoP and
// Basic (3: `Token …`, `ApiKey …`, `Negotiate …`: RFC 9110 §11.4 lets any scheme precede a
// token68) and its first word of 16 characters or more (4; `%2B`, `%2F`, `%3D` URL-encoded; its
// pieces on folded lines counted together, as a token68's). Whether that word is prose is the
// caller's to say; a Bearer, DPoP or Basic value is QUOTED_AUTHORIZATION's.
const HEADER_CHAR = /* @__PURE__ */ (() => String.raw`(?:[\w.~+/=-]|${PERCENT}(?:2[BF]|3D))`)();
export const QUOTED_HEADER = /* @__PURE__ */ (() =>
  new RegExp(
    String.raw`(${named('(?:proxy-)?authorization|x-act-assertion')})(${SEPARATOR})(?:(?!(?:bearer|dpop|basic)\b)([A-Za-z][\w-]*)${BLANKS}+)?((?=(?:(?:${FOLD})?${HEADER_CHAR}){16})${HEADER_CHAR}+(?:${FOLD}${HEADER_CHAR}+)*)`,
    'gi',
  ))();
// A cookie header quoted with its name (`Cookie: …`, `Set-Cookie: …`, JSON's `"cookie":"…"`, a
// Python tuple's `("set-cookie", "…")`): name (group 1), separator (2), and its value, `name=value` pairs (RFC 6265 §4.1.1, §4.2.1; the `=`
// also URL-encoded, `%3D`), each value the session or a part of it, up to a line end that no fold
// continues (RFC 9112 §5.2), a `\` or a quote; a quote right after an `=` (`\"` in escaped JSON
// too) opens a quoted cookie value, which goes on to its closing quote. A Set-Cookie value that
// starts with an attribute (`Path=/`, `SameSite=None`) is prose; a name does not start with a `%20`
// blank. A first cookie's name of up to 64 characters may hold any cookie-name character; a longer
// one (ASP.NET Core's `.AspNetCore.Correlation.<43 characters>`) holds no colon and no `%`, so that
// a search from each `cookie:` reads a run that no later `cookie:` search reads again.
// Fields written as an array (`"set-cookie":["sid=…; Path=/","csrf=…"]`: Node's `headers.raw()`,
// a Python dump; RFC 6265 §3 sends one Set-Cookie field per cookie) go whole, up to the `]` that
// is in no quotes or the line end; so does an object of cookies (`"Set-Cookie":{"sid":"…"}`, to
// the `}` in no quotes), and either may start on the next line.
const COOKIE_NAME = /* @__PURE__ */ (() =>
  String.raw`[^\s=;,"'\\]{1,64}|[^\s=;,"'\\%${COLONS}]{65,}`)();
export const QUOTED_COOKIE = /* @__PURE__ */ (() =>
  new RegExp(
    String.raw`(${named('(?:set-)?cookie')})(${SEPARATOR}|\\?["'],[ \t]*\\?["'])(?:(?:\r?\n[ \t]*)?(?:\[(?:"[^"\r\n]*"|'[^'\r\n]*'|[^\]\r\n])*\]?|\{(?:"[^"\r\n]*"|'[^'\r\n]*'|[^}\r\n])*\}?)|(?!${PERCENT}20|(?:path|domain|expires|max-age|samesite)(?:=|${PERCENT}3D))(?:${COOKIE_NAME})(?:=|${PERCENT}3D)(?:(?<==)\\?"[^"\r\n\\]*\\?"|${FOLD}|[^\r\n"'\\])*)`,
    'gi',
  ))();
// A lower-case word before a header's credential word is prose (`authorization: denied <id>`)
// unless it names a scheme that is sent in lower case (`token …`, as some APIs document it).
export const PROSE_BEFORE_VALUE =
  /^(?!(?:token|apikey|api-key|key|negotiate|ntlm|digest|oauth|hawk)$)[a-z]+$/;
// Where a header's value ends: a line end that no fold continues, a quote, a comma, a `&` or a `\`.
export const HEADER_VALUE_END = /\r?\n(?![ \t])|\r(?!\n[ \t])|["',&\\]/;
// A token or secret field written as a header or a JSON member (`password: …`,
// `"access_token":"…"`, `X-Amz-Security-Token: …`, an API key's `X-Api-Key: …`, `api-key: …`,
// `…-Subscription-Key: …` or `"apiKey":"…"`, a secret access key's `…_secret_access_key: …` or
// `"SecretAccessKey":"…"`; the name may follow a `_`): name (group 1), separator (2), value (3).
// The `name=value` of a query or form is QUOTED_AUTHORIZATION's.
export const QUOTED_FIELD = /* @__PURE__ */ (() =>
  new RegExp(
    String.raw`(${named('access_token|refresh_token|id_token|token|client_secret|client_assertion|password|secret_id|api[-_]?key|subscription-key|secret_?access_?key', String.raw`\b|_|${ESCAPE}`)})((?:\\?["'][ \t]*[=${COLONS}]|[ \t]*(?:[${COLONS}]|${PERCENT}3A))${BLANKS}*${QUOTE})([^\s&#"',;\\]{16,})`,
    'gi',
  ))();
// A secret sent under its field's name, its value of any length (a form's `password=hunter2`,
// JSON's `{"password":"hunter2"}`, a header's `X-Api-Key: k3y9`; the value's end is `valueEnd`'s):
// a password, secret, client secret, private key, MFA code (`mfa_code`, `mfaCode`), or a `pass`,
// `passphrase`, `otp` or `pin` (group 1: its value goes even when it reads as a word, as a
// password may), or a token (`authToken`, `session_token`, `bearer-token` too), an assertion
// (RFC 7521 §4.2, RFC 8693 §2.1) or an API key (group 2: a value that reads as prose stays,
// `token=expired`). A name of group 2, and `pass`, `otp` and `pin`, start a word or follow a URL
// escape (`bypass=`, `spin=` are none); another of group 1 may end a longer name (`db_password`,
// `newPassword`, `appSecret`) and a password's be confirmed or a secret be a key
// (`password_confirmation`, `passwordConfirm`, `secretKey`). A name that only holds one
// (`token_type`, `error=invalid_token`, `token_endpoint_auth_method`, `passwordless`) is none.
// Separator (3): as SEPARATOR, a command line's blank after a `--` option
// (`--password hunter2`; a value that starts with `-` is the next option), or none before an XML
// element's `>` (`<password>…</password>`, `<ns:password>`); and the value's opening quote (4;
// `\"` in escaped JSON, a backtick, a typographic quote, an element's `>`). A short option such
// as `-p` is none: it is a port to ssh and docker, and mysql's password is written `-phunter2`.
export const SECRET_FIELD = /* @__PURE__ */ (() =>
  new RegExp(
    String.raw`(?:((?:password|passwd|pwd)(?:[-_]?confirm(?:ation)?)?|secret(?:[-_]?key)?|private[-_]?key|mfa[-_]?code|${named('pass(?:phrase)?|otp|pin')})|(${named('(?:access|refresh|id|subject|actor|auth|session|bearer)[-_]?token|token|(?:client[-_]?)?assertion|api[-_]?key')}))(${QUOTE}${SPACE}*(?:=>?|[${COLONS}]|${PERCENT}3[AD])${BLANKS}*|(?<=--[\w-]{0,64})[ \t]+(?!-)|(?=>)(?<=<[\w:.-]{0,64}))(${QUOTE_CHAR}|(?<=\w)>)?`,
    'gi',
  ))();
// A JSON or Python member that names a person (OpenID Connect Core §5.1's `name`, `given_name`,
// `family_name`, `middle_name`, `nickname`, `preferred_username`, `email`, `phone_number`; Entra's
// `upn` and `unique_name`; a directory's user, as Microsoft Graph's `displayName`, `givenName`,
// `surname`, `mail`, `userPrincipalName`, `mobilePhone` or another API's `firstName`,
// `last_name`, `fullName`, `emailAddress`; a login's `username`, `user`, `login`), a string: its
// quoted name (in a pair of straight quotes or backticks, group 1, or typographic quotes, `“name”`,
// as a secret's field is read), the separator and the value's opening quote (group 2; `\"` in
// escaped JSON, a backtick, a typographic quote). Its value is none that is not a string (`null`,
// an object), and a name that holds one (`client_name`, `appDisplayName`) is none.
const PERSON_NAME = `(?:(?:(?:given|family|middle|first|last|full|display|nick|unique|sur|user(?:[-_]?principal)?)[-_]?)?name|preferred_username|e-?mail(?:[-_]?address)?|mail|(?:mobile[-_]?)?phone(?:[-_]?number)?|upn|user|login)`;
const TYPOGRAPHIC_QUOTE = /* @__PURE__ */ (() => `[${TYPOGRAPHIC_QUOTES}]`)();
export const PERSON_MEMBER = /* @__PURE__ */ (() =>
  new RegExp(
    String.raw`(?:(\\?["'\`])${PERSON_NAME}\1|${TYPOGRAPHIC_QUOTE}${PERSON_NAME}${TYPOGRAPHIC_QUOTE})[ \t]*(?:=>?|[${COLONS}])${BLANKS}*(${QUOTE_CHAR})`,
    'gi',
  ))();
// The `response` of a Digest authorization (RFC 7616 §3.4: a hash of the password with the
// server's nonce, 32 or 64 hex digits): replayable while the nonce lives, and open to an offline
// guess of the password. Its name with `=` and an opening quote (group 1, `\"` in escaped JSON)
// stay.
export const DIGEST_RESPONSE = /\b(response=\\?["']?)[\dA-F]{32,}/gi;
// The `username` of a Digest authorization (RFC 7616 §3.4: a person's login or email, quoted,
// `\"` in escaped JSON; its RFC 8187 form `username*=UTF-8''…` for a name outside ASCII, §3.4.4;
// blanks before the `=`, and after it before a quote, RFC 9110 §11.2's BWS), or of a form or
// query, where a login's `user=` and `login=` are read as `username=` (after a URL escape too, its
// `=` also URL-encoded, once or more, the value then ending at a URL-encoded `&`): its name with
// `=` and an opening quote (group 1) stay.
export const DIGEST_USERNAME = /* @__PURE__ */ (() =>
  new RegExp(
    String.raw`(${named('user(?:name)?|login')}(?:\*[ \t]*=|[ \t]*(?:=|${PERCENT}3D)(?:[ \t]*\\?["'])?))(?:(?<=["'])[^"'\\\r\n]+|(?<=\*[ \t]*=)[^\s,;"\\]+|(?:(?!${PERCENT}26)[^\s&#"',;\\])+)`,
    'gi',
  ))();
// The access key id of an AWS SigV4 `Credential=` (a header's or a presigned URL's
// `X-Amz-Credential=`): who signed. The scope after it (date, region, service) stays.
export const SIGV4_KEY_ID = /\b(Credential=)[A-Z0-9]{16,128}(?=\/|%(?:25)*2F)/g;
