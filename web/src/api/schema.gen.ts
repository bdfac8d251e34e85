/**
 * Generated from the API's OpenAPI document by `npm run generate:api` (web/scripts/generate-api.ts).
 * Do not edit: tests/web/api-types.test.ts fails when this file drifts from the API.
 */

export type paths = {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Up */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Health"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description With METRICS_TOKEN set, requires `Authorization: Bearer <METRICS_TOKEN>`. In production without it, the API does not serve metrics (404): they are on the metrics listener (METRICS_PORT).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Prometheus text format */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
                /** @description METRICS_TOKEN is set and the bearer token is missing or wrong */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Production without METRICS_TOKEN: metrics are served on METRICS_PORT only */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** PostgreSQL, Redis and RabbitMQ are reachable */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Ready */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Readiness"];
                    };
                };
                /** @description A dependency is down */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Readiness"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's accounts */
        get: {
            parameters: {
                query?: {
                    /** @description FIELD:OP:VALUE, repeatable (AND). OPs: eq ne lt le gt ge contains icontains in like range is_null startswith endswith */
                    filter?: string | string[];
                    /** @description Page number from 1 */
                    page?: string;
                    /** @description Items per page, 1 to 100 (default 20) */
                    page_size?: string;
                    /** @description FIELD:asc|desc, repeatable */
                    sort?: string | string[];
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Accounts */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AccountList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        /** Create an account; the caller becomes its admin */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AccountCreate"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Account"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of the caller’s accounts */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The account */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Account"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete an account and everything in it (account:manage)
         * @description Only a user may delete an account, signed in with the password within the last 5 minutes: an API key gets 403 `user_session_required`, an older session 403 `reauthentication_required`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        options?: never;
        head?: never;
        /** Change name, default country code or timezone (account:manage) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AccountUpdate"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Account"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API keys of the account (never the secret) */
        get: {
            parameters: {
                query?: {
                    /** @description FIELD:OP:VALUE, repeatable (AND). OPs: eq ne lt le gt ge contains icontains in like range is_null startswith endswith */
                    filter?: string | string[];
                    /** @description Page number from 1 */
                    page?: string;
                    /** @description Items per page, 1 to 100 (default 20) */
                    page_size?: string;
                    /** @description FIELD:asc|desc, repeatable */
                    sort?: string | string[];
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description API keys */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiKeyList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        /** Create an API key acting in this account with a role; the key is shown once */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ApiKeyCreate"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CreatedApiKey"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One API key */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The API key */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiKey"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        /** Revoke an API key; it stops working at once */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Revoked */
                204: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What was done in the account, by whom and from where (account:manage); kept 400 days
         * @description Creates, updates and deletes of channels, roles, API keys, members, invitations, the account, contacts, persons, contact groups and their members, contact imports, templates, messages, broadcasts, schedules and opt-outs (a bulk operation is one entry), sign-ins and failed sign-ins, newest first. Filter on `actor.type`, `actor.id`, `action`, `resource_type`, `resource_id`, `ip`, `created_at`. Secrets are never recorded; personal data (contact fields, recipient addresses) only as changed (`••••`).
         */
        get: {
            parameters: {
                query?: {
                    /** @description FIELD:OP:VALUE, repeatable (AND). OPs: eq ne lt le gt ge contains icontains in like range is_null startswith endswith */
                    filter?: string | string[];
                    /** @description Page number from 1 */
                    page?: string;
                    /** @description Items per page, 1 to 100 (default 20) */
                    page_size?: string;
                    /** @description FIELD:asc|desc, repeatable */
                    sort?: string | string[];
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Audit entries */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AuditEntryList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/change-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the password; ends every session (their access tokens at once) and opens a new one
         * @description Extension. The current password is required (422 `wrong_password` otherwise). Every refresh token of the user is revoked, so every access token stops working on its next request; the answer is a fresh pair for the caller.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ChangePasswordInput"];
                };
            };
            responses: {
                /** @description Password changed; a new session */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TokenPair"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/forgot-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mail a password reset code (always 202) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["EmailInput"];
                };
            };
            responses: {
                /** @description Accepted */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Accepted"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange email and password for an access and a refresh token
         * @description Unknown emails and wrong passwords answer alike (401). Failed logins are throttled per email and per client address (429 with Retry-After).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["LoginInput"];
                };
            };
            responses: {
                /** @description Signed in */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TokenPair"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Throttled; see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke the refresh token and its family */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RefreshInput"];
                };
            };
            responses: {
                /** @description Signed out */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the token pair; a reused refresh token revokes its family */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RefreshInput"];
                };
            };
            responses: {
                /** @description Rotated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TokenPair"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign up: creates a user and an account; mails a 6-digit verification code */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RegisterInput"];
                };
            };
            responses: {
                /** @description Registered */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RegisterResult"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/resend-verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mail a new verification code (always 202) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["EmailInput"];
                };
            };
            responses: {
                /** @description Accepted */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Accepted"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password with the mailed code; signs out every session
         * @description Wrong codes are limited per email address (20 a day, whatever the purpose): then 429.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ResetPasswordInput"];
                };
            };
            responses: {
                /** @description Password changed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Ok"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Throttled; see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in from the console: access token in the body, refresh token in an HttpOnly cookie
         * @description Same checks and throttling as `POST /v1/auth/login`. Needs the `x-turumba-console: 1` header and a same-origin request.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Must be `1` (else 403 `csrf_rejected`): a same-origin script made the request */
                    "x-turumba-console"?: string;
                };
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["LoginInput"];
                };
            };
            responses: {
                /** @description Signed in */
                200: {
                    headers: {
                        /** @description `turumba_refresh=<refresh token>; Path=/v1/auth/session; HttpOnly; Secure; SameSite=Strict; Max-Age=<REFRESH_TOKEN_TTL_SECONDS>` */
                        "Set-Cookie"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SessionToken"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Throttled; see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                503: components["responses"]["Overloaded"];
            };
        };
        /** Sign out this browser: revokes the cookie’s refresh token family and clears the cookie */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Must be `1` (else 403 `csrf_rejected`): a same-origin script made the request */
                    "x-turumba-console"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Signed out */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                503: components["responses"]["Overloaded"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/session/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Silent refresh: rotates the cookie and returns a new access token
         * @description A reused refresh token revokes its family (401) and the cookie is cleared. Needs the `x-turumba-console: 1` header and a same-origin request.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Must be `1` (else 403 `csrf_rejected`): a same-origin script made the request */
                    "x-turumba-console"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Rotated */
                200: {
                    headers: {
                        /** @description `turumba_refresh=<refresh token>; Path=/v1/auth/session; HttpOnly; Secure; SameSite=Strict; Max-Age=<REFRESH_TOKEN_TTL_SECONDS>` */
                        "Set-Cookie"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SessionToken"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Sign out everywhere: revokes every refresh token of the user (console and API sessions)
         * @description Access tokens already issued stay valid until they expire (ACCESS_TOKEN_TTL_SECONDS); no session can be refreshed afterwards.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every session revoked */
                204: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm the email address with the mailed code */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["VerifyEmailInput"];
                };
            };
            responses: {
                /** @description Verified */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: components["schemas"]["User"];
                        };
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Throttled; see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Channels of the account (credentials masked) */
        get: {
            parameters: {
                query?: {
                    /** @description FIELD:OP:VALUE, repeatable (AND). OPs: eq ne lt le gt ge contains icontains in like range is_null startswith endswith */
                    filter?: string | string[];
                    /** @description Page number from 1 */
                    page?: string;
                    /** @description Items per page, 1 to 100 (default 20) */
                    page_size?: string;
                    /** @description FIELD:asc|desc, repeatable */
                    sort?: string | string[];
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Channels */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChannelList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        /** Create a channel; credentials are validated by the provider and stored encrypted */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ChannelCreate"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Channel"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/channels/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One channel (credentials masked) */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The channel */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Channel"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a channel; its messages stay, without a channel
         * @description Refused with 409 `channel_in_use` while a queued or processing broadcast, or a pending, triggered or paused schedule, uses the channel. With `force=true` those are cancelled first, in the same transaction (extension).
         */
        delete: {
            parameters: {
                query?: {
                    /** @description Cancel the broadcasts and schedules that use the channel, then delete it */
                    force?: "true" | "false";
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        options?: never;
        head?: never;
        /** Change a channel; omitted credentials are kept, given credentials replace them */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ChannelUpdate"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Channel"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        trace?: never;
    };
    "/v1/channels/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a channel; its status becomes `disabled` */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The channel */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Channel"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/channels/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a channel; it is `disconnected` until verified (`error` again if the provider had refused it) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The channel */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Channel"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/channels/{id}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check the credentials with the provider; sets status, last_verified_at and error_message */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The channel with its new status */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Channel"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                /** @description Not implemented for this provider yet */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contact-groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Contact groups of the account, with their member counts */
        get: {
            parameters: {
                query?: {
                    /** @description FIELD:OP:VALUE, repeatable (AND). OPs: eq ne lt le gt ge contains icontains in like range is_null startswith endswith */
                    filter?: string | string[];
                    /** @description Page number from 1 */
                    page?: string;
                    /** @description Items per page, 1 to 100 (default 20) */
                    page_size?: string;
                    /** @description FIELD:asc|desc, repeatable */
                    sort?: string | string[];
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Contact groups */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ContactGroupList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        /** Create a contact group */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ContactGroupCreate"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ContactGroup"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contact-groups/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One contact group */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The contact group */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ContactGroup"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        /** Delete a contact group (its contacts stay) */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        options?: never;
        head?: never;
        /** Rename or describe a contact group */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ContactGroupUpdate"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ContactGroup"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        trace?: never;
    };
    "/v1/contact-groups/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add contacts to a group (up to 10,000 ids per call)
         * @description Contacts already in the group are left as they are; ids that are not contacts of this account come back in `not_found`.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ContactGroupMembersInput"];
                };
            };
            responses: {
                /** @description Added */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ContactGroupMembersAdded"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        /** Remove contacts from a group (up to 10,000 ids per call) */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ContactGroupMembersInput"];
                };
            };
            responses: {
                /** @description Removed */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ContactGroupMembersRemoved"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contact-imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Imports of the account (without their row errors) */
        get: {
            parameters: {
                query?: {
                    /** @description FIELD:OP:VALUE, repeatable (AND). OPs: eq ne lt le gt ge contains icontains in like range is_null startswith endswith */
                    filter?: string | string[];
                    /** @description Page number from 1 */
                    page?: string;
                    /** @description Items per page, 1 to 100 (default 20) */
                    page_size?: string;
                    /** @description FIELD:asc|desc, repeatable */
                    sort?: string | string[];
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Imports */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ContactImportList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contact-imports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Progress and outcome of an import, with the first 1,000 row errors */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The import */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ContactImport"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Contacts of the account
         * @description Filters on every field, plus `group_id` (eq, ne, in), `tags` (text array) and `attributes.KEY`. Phone values are compared in E.164 (national numbers in the account default country); email compares case-insensitively.
         */
        get: {
            parameters: {
                query?: {
                    /** @description FIELD:OP:VALUE, repeatable (AND). OPs: eq ne lt le gt ge contains icontains in like range is_null startswith endswith */
                    filter?: string | string[];
                    /** @description Page number from 1 */
                    page?: string;
                    /** @description Items per page, 1 to 100 (default 20) */
                    page_size?: string;
                    /** @description FIELD:asc|desc, repeatable */
                    sort?: string | string[];
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Contacts */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ContactList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        /** Create a contact */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ContactCreate"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Contact"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One contact */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The contact */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Contact"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        /** Delete a contact and its group memberships */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        options?: never;
        head?: never;
        /** Change a contact (omitted fields stay, null clears) */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ContactUpdate"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Contact"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        trace?: never;
    };
    "/v1/contacts/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a CSV of contacts; rows are upserted in the background (by phone, then email) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            /** @description A CSV file of at most 209715200 bytes, with a header row. Columns: name, first_name, last_name, phone, email, telegram_chat_id, tags and groups (`;`-separated); any other column becomes an attribute. */
            requestBody: {
                content: {
                    "multipart/form-data": {
                        /** Format: binary */
                        file: string;
                    };
                    "text/csv": string;
                };
            };
            responses: {
                /** @description Stored and queued; follow it at /v1/contact-imports/{id} */
                202: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ContactImportAccepted"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The upload is larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Neither text/csv nor multipart/form-data */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/context/basic": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user with each account and the role held there */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Context */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BasicContext"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live events of the account (Server-Sent Events)
         * @description Server-Sent Events (`text/event-stream`) of the account's changes, as they commit.
         *
         *     **Authentication.** The usual `Authorization: Bearer` (an access token or an API key) and
         *     `X-Account-Id`; or, for a browser `EventSource` (which cannot set headers), `?ticket=` from
         *     `POST /v1/events/tickets`: single use, valid 30 seconds, acting as the caller and account that
         *     asked for it. A stream carries only the events the caller's role may read.
         *
         *     **Events** (`event:` names; `data:` is JSON):
         *     - `group_message.progress` (needs `group_messages:read`): `{ id, status, sent_count, delivered_count,
         *       failed_count, skipped_count, cancelled_count, pending_count }`, at most one every 500 ms per group
         *       (the latest counters win; the last one of a finished broadcast always arrives).
         *     - `message.status` (`messages:read`): `{ id, status }` for single messages (sent, delivered,
         *       permanently_failed). Messages of a broadcast report through their group's progress instead.
         *     - `contact_import.progress` (`contacts:read`): `{ id, status, total_rows, imported, updated, failed }`.
         *     - `channel.status` (`channels:read`): `{ id, status, error_message }`.
         *     - `resync`: `{}`, sent first when the resume point is older than the server keeps (120 s): refetch
         *       what you show, then carry on from this stream.
         *
         *     **Ids and resume.** Every event has an `id:`; reconnect with `Last-Event-ID` (the browser does it by
         *     itself) or `?last_event_id=` to receive what you missed within the last 60 s at least. An event may
         *     arrive twice after a resume; every payload is a state, so applying it twice is harmless.
         *
         *     **Liveness.** A comment line (`: heartbeat`) every 15 seconds (EVENT_STREAM_HEARTBEAT_SECONDS). The
         *     stream ends when the caller loses access to the account, or when the server stops; reconnect.
         *
         *     **Limits.** At most 5 open streams per user or API key across all servers (EVENT_STREAMS_PER_USER);
         *     one more answers 429 problem+json.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Resume after this event id, like the `Last-Event-ID` header (which wins); for a new EventSource, which cannot set the header */
                    last_event_id?: string;
                    /** @description A ticket from POST /v1/events/tickets, instead of the Authorization header */
                    ticket?: string;
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An endless `text/event-stream` */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Throttled; see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/tickets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A single-use ticket to open the event stream without headers (browser EventSource)
         * @description The ticket acts as the caller, in the account of the request, once, within 30 seconds.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The ticket */
                201: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StreamTicket"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/group-messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Broadcasts of the account with their progress counters */
        get: {
            parameters: {
                query?: {
                    /** @description FIELD:OP:VALUE, repeatable (AND). OPs: eq ne lt le gt ge contains icontains in like range is_null startswith endswith */
                    filter?: string | string[];
                    /** @description Page number from 1 */
                    page?: string;
                    /** @description Items per page, 1 to 100 (default 20) */
                    page_size?: string;
                    /** @description FIELD:asc|desc, repeatable */
                    sort?: string | string[];
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Broadcasts */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GroupMessageList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        /**
         * Create a broadcast (draft, or queued to start at once / at scheduled_at)
         * @description A message_body creates a template whose id is returned. Recipients: contacts of contact_group_ids plus contact_ids, minus exclude_contact_ids, one message per contact. Honours Idempotency-Key.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Same key and body within 24 h returns the first response and creates nothing; another body → 409 */
                    "idempotency-key"?: string;
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["GroupMessageCreate"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GroupMessage"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/group-messages/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One broadcast; sent + failed + skipped + cancelled + pending = total_recipients */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The broadcast */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GroupMessage"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        /** Delete a draft or finished broadcast (its messages stay) */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        options?: never;
        head?: never;
        /** Edit a draft broadcast */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["GroupMessageUpdate"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GroupMessage"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        trace?: never;
    };
    "/v1/group-messages/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a broadcast waiting for approval (pending_approval → queued)
         * @description A broadcast to more recipients than the account’s `consent.approval_threshold` waits in `pending_approval`. A user with `group_messages:approve` other than the one who created or started it approves it here; 403 `approver_is_requester` for that user, 403 `approver_must_be_user` for an API key.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Approved and queued */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GroupMessage"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/group-messages/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a broadcast; no further message of it reaches a provider */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Cancelled */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GroupMessage"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/group-messages/{id}/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pre-send check: audience, sendable recipients, reasons for skips, missing variables, size
         * @description Prepares every recipient as the send would (address, rendered body, opt-outs, frequency cap) and reports the result; nothing is sent or written.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The check */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GroupMessageCheck"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/group-messages/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a broadcast waiting for approval (pending_approval → cancelled, nothing sent) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["GroupMessageRejection"];
                };
            };
            responses: {
                /** @description Rejected */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GroupMessage"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/group-messages/{id}/retry-failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-queue every permanently failed message of a broadcast for a fresh round of attempts
         * @description failed_count drops by the number re-queued and a finished broadcast is processing again until they are sent or fail anew.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Re-queued */
                202: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GroupMessageRetryFailed"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/group-messages/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a draft (draft → queued) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Queued */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GroupMessage"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/group-messages/audience": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Count the recipients of an audience before the broadcast is saved (extension)
         * @description Counts the audience as the fan-out will: contacts of the groups plus the listed contacts, each once, minus the exclusions; ids of another account count for nothing. In the body, so an audience of thousands of listed contacts fits (a query string of their ids would not).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["GroupMessageAudience"];
                };
            };
            responses: {
                /** @description The count */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GroupMessageAudienceCount"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pending invitations of the account, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description FIELD:OP:VALUE, repeatable (AND). OPs: eq ne lt le gt ge contains icontains in like range is_null startswith endswith */
                    filter?: string | string[];
                    /** @description Page number from 1 */
                    page?: string;
                    /** @description Items per page, 1 to 100 (default 20) */
                    page_size?: string;
                    /** @description FIELD:asc|desc, repeatable */
                    sort?: string | string[];
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Pending invitations */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvitationList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        /** Invite someone by email with a role; the token is mailed to them */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["InvitationCreate"];
                };
            };
            responses: {
                /** @description Invited */
                201: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Invitation"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Throttled; see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Withdraw a pending invitation */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Withdrawn */
                204: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation as the signed-in user (the invited email) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["InvitationAccept"];
                };
            };
            responses: {
                /** @description Joined */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvitationAccepted"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Messages of the account (filter by status, channel_id, contact_id, group_message_id, dates, ...) */
        get: {
            parameters: {
                query?: {
                    /** @description FIELD:OP:VALUE, repeatable (AND). OPs: eq ne lt le gt ge contains icontains in like range is_null startswith endswith */
                    filter?: string | string[];
                    /** @description Page number from 1 */
                    page?: string;
                    /** @description Items per page, 1 to 100 (default 20) */
                    page_size?: string;
                    /** @description FIELD:asc|desc, repeatable */
                    sort?: string | string[];
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Messages */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MessageList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        /**
         * Send one message (202: queued, or scheduled with scheduled_at)
         * @description Renders the body (message_body or template_id) for the contact, resolves the address for the channel type, stores the message and dispatches it. Honours Idempotency-Key.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Same key and body within 24 h returns the first response and creates nothing; another body → 409 */
                    "idempotency-key"?: string;
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["MessageCreate"];
                };
            };
            responses: {
                /** @description Accepted */
                202: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Message"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/messages/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One message with its lifecycle fields */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The message */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Message"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        /** Delete a finished message (sent, delivered, permanently_failed, cancelled, skipped) */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        options?: never;
        head?: never;
        /** Replace metadata, or cancel (status: cancelled) while scheduled, queued or failed (waiting for a retry) */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["MessageUpdate"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Message"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        trace?: never;
    };
    "/v1/messages/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-queue a permanently failed message (outbound only: a consent confirmation, direction `system`, is not sent again: 409) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Re-queued */
                202: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Message"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/opt-outs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Addresses opted out of each channel type */
        get: {
            parameters: {
                query?: {
                    /** @description FIELD:OP:VALUE, repeatable (AND). OPs: eq ne lt le gt ge contains icontains in like range is_null startswith endswith */
                    filter?: string | string[];
                    /** @description Page number from 1 */
                    page?: string;
                    /** @description Items per page, 1 to 100 (default 20) */
                    page_size?: string;
                    /** @description FIELD:asc|desc, repeatable */
                    sort?: string | string[];
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Opt-outs */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OptOutList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        /** Opt an address out of a channel type (source `api`) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["OptOutCreate"];
                };
            };
            responses: {
                /** @description Recorded */
                201: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OptOut"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/opt-outs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove an opt-out: the address may be sent to again */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/opt-outs/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every opt-out of the account as CSV
         * @description Columns: channel_type, address, source, reason, contact_id, created_at. Import takes the same file back.
         */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description CSV with a header row */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/opt-outs/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record the opt-outs of a CSV (source `import`)
         * @description Columns `channel_type` and `address`, optional `reason` (an export's other columns are ignored). An address already opted out keeps its first record.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            /** @description A CSV of at most 1048576 bytes with a header row */
            requestBody: {
                content: {
                    "text/csv": string;
                };
            };
            responses: {
                /** @description What was recorded */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OptOutImportResult"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The CSV is larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not text/csv */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Persons of the account (one human behind several contacts) */
        get: {
            parameters: {
                query?: {
                    /** @description FIELD:OP:VALUE, repeatable (AND). OPs: eq ne lt le gt ge contains icontains in like range is_null startswith endswith */
                    filter?: string | string[];
                    /** @description Page number from 1 */
                    page?: string;
                    /** @description Items per page, 1 to 100 (default 20) */
                    page_size?: string;
                    /** @description FIELD:asc|desc, repeatable */
                    sort?: string | string[];
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Persons */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PersonList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        /** Create a person */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PersonCreate"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Person"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/persons/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One person */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The person */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Person"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        /** Delete a person (its contacts stay, unlinked) */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        options?: never;
        head?: never;
        /** Change a person (omitted fields stay) */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PersonUpdate"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Person"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        trace?: never;
    };
    "/v1/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Providers and the JSON Schema of their credentials and config (extension)
         * @description Extension to the contract, for clients that build channel forms: each provider with its channel type, the JSON Schema of `credentials` and `config` exactly as `POST /v1/channels` validates them, which credentials are secrets, and its webhook kinds.
         */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Providers */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ProviderList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Roles of the account */
        get: {
            parameters: {
                query?: {
                    /** @description FIELD:OP:VALUE, repeatable (AND). OPs: eq ne lt le gt ge contains icontains in like range is_null startswith endswith */
                    filter?: string | string[];
                    /** @description Page number from 1 */
                    page?: string;
                    /** @description Items per page, 1 to 100 (default 20) */
                    page_size?: string;
                    /** @description FIELD:asc|desc, repeatable */
                    sort?: string | string[];
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Roles */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RoleList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        /** Create a role with permission strings (RESOURCE:ACTION or "*") */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RoleCreate"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Role"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/roles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One role */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The role */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Role"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        /** Delete a role that nobody holds */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        options?: never;
        head?: never;
        /** Change a role (the admin role is fixed) */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RoleUpdate"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Role"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        trace?: never;
    };
    "/v1/scheduled-messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Schedules of the account */
        get: {
            parameters: {
                query?: {
                    /** @description FIELD:OP:VALUE, repeatable (AND). OPs: eq ne lt le gt ge contains icontains in like range is_null startswith endswith */
                    filter?: string | string[];
                    /** @description Page number from 1 */
                    page?: string;
                    /** @description Items per page, 1 to 100 (default 20) */
                    page_size?: string;
                    /** @description FIELD:asc|desc, repeatable */
                    sort?: string | string[];
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Schedules */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ScheduledMessageList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        /**
         * Schedule a message (single) or a broadcast (group), once or recurring
         * @description Each run creates a message or a queued broadcast carrying scheduled_message_id, exactly once per occurrence. scheduled_at without an offset is wall-clock time in `timezone`. Recurrences keep the wall-clock time across daylight-saving changes: a time inside a spring gap runs shifted forward by the gap (02:30 → 03:30), a time repeated in autumn runs once, at its first occurrence; monthly:29..31 runs on the last day of shorter months.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ScheduledMessageCreate"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ScheduledMessage"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scheduled-messages/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One schedule with next_trigger_at, last_triggered_at and trigger_count */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The schedule */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ScheduledMessage"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        /** Delete a schedule and its run records (an active one stops; its messages stay) */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        options?: never;
        head?: never;
        /**
         * Edit a pending or paused schedule
         * @description Any field of a create; null clears an optional one. scheduled_at without an offset is wall-clock time in `timezone`. Recurrences keep the wall-clock time across daylight-saving changes: a time inside a spring gap runs shifted forward by the gap (02:30 → 03:30), a time repeated in autumn runs once, at its first occurrence; monthly:29..31 runs on the last day of shorter months.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ScheduledMessageUpdate"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ScheduledMessage"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        trace?: never;
    };
    "/v1/scheduled-messages/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a schedule for good (runs already made stay) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The schedule */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ScheduledMessage"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scheduled-messages/{id}/occurrences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The next N trigger times (UTC, at most 100), without side effects */
        get: {
            parameters: {
                query?: {
                    /** @description How many (1 to 100, default 10) */
                    count?: number;
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Trigger times */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ScheduledOccurrences"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scheduled-messages/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause an active schedule (pending or triggered) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The schedule */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ScheduledMessage"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scheduled-messages/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a paused schedule from now on (missed occurrences are skipped, never sent in a burst) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The schedule */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ScheduledMessage"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scheduled-messages/{id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Past occurrences: triggered (with the message or broadcast id), missed or failed */
        get: {
            parameters: {
                query?: {
                    /** @description FIELD:OP:VALUE, repeatable (AND). OPs: eq ne lt le gt ge contains icontains in like range is_null startswith endswith */
                    filter?: string | string[];
                    /** @description Page number from 1 */
                    page?: string;
                    /** @description Items per page, 1 to 100 (default 20) */
                    page_size?: string;
                    /** @description FIELD:asc|desc, repeatable */
                    sort?: string | string[];
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Runs */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ScheduledMessageRunList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scheduled-messages/occurrences/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The next N trigger times (UTC, at most 100) of a schedule that is not saved (extension)
         * @description The timing fields of a create (scheduled_at, timezone, is_recurring, recurrence_rule, recurrence_end_at), checked as a create checks them: a bad one answers 422 naming the field. Nothing is stored. scheduled_at without an offset is wall-clock time in `timezone`. Recurrences keep the wall-clock time across daylight-saving changes: a time inside a spring gap runs shifted forward by the gap (02:30 → 03:30), a time repeated in autumn runs once, at its first occurrence; monthly:29..31 runs on the last day of shorter months.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ScheduledOccurrencesPreview"];
                };
            };
            responses: {
                /** @description Trigger times */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ScheduledOccurrencesPreviewList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stats/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sent, delivered and failed messages per day or hour (and channel), with the delivery rate
         * @description Outbound messages of the account, counted in the day (or hour) they were created in `timezone`. At most 92 days per request. With `group_message_id` (extension): one broadcast's messages, each counted when it was sent, delivered or failed, per minute, hour or day, over the broadcast's own span unless from and to are given; at most 2880 buckets.
         */
        get: {
            parameters: {
                query?: {
                    /** @description First day (inclusive), in `timezone`. Optional with group_message_id: the broadcast’s own span by default */
                    from?: string;
                    /** @description Also split each bucket by channel */
                    group_by?: "channel";
                    /** @description Only this broadcast’s messages, counted when each event happened: `sent` at sent_at, `delivered` at delivered_at, `failed` at failed_at (extension) */
                    group_message_id?: string;
                    /** @description Bucket size. `minute` needs group_message_id; at most 2880 buckets per answer (extension: minute, hour) */
                    interval?: "minute" | "hour" | "day";
                    /** @description IANA time zone the days are in; default: the account's */
                    timezone?: string;
                    /** @description Last day (inclusive), in `timezone`. Optional with group_message_id */
                    to?: string;
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The counts */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MessageStats"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Templates of the account */
        get: {
            parameters: {
                query?: {
                    /** @description FIELD:OP:VALUE, repeatable (AND). OPs: eq ne lt le gt ge contains icontains in like range is_null startswith endswith */
                    filter?: string | string[];
                    /** @description Page number from 1 */
                    page?: string;
                    /** @description Items per page, 1 to 100 (default 20) */
                    page_size?: string;
                    /** @description FIELD:asc|desc, repeatable */
                    sort?: string | string[];
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Templates */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TemplateList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        /** Create a template; `variables` is derived from the body (a sent `variables` is ignored) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["TemplateCreate"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Template"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One template */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The template */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Template"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        /** Delete a template (messages keep their text and lose the reference) */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        options?: never;
        head?: never;
        /** Change a template; `variables` follows the body */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["TemplateUpdate"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Template"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        trace?: never;
    };
    "/v1/templates/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Render a body or a saved template for a contact, and measure it as an SMS
         * @description Needs templates:read; with contact_id also contacts:read (the preview shows the contact).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["TemplatePreviewRequest"];
                };
            };
            responses: {
                /** @description The rendered body */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TemplatePreview"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/unsubscribe/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page with the unsubscribe button (fetching it unsubscribes nobody) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The sealed token of a `List-Unsubscribe` URL */
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The confirmation page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        /**
         * One-click unsubscribe (RFC 8058) from a bulk mail
         * @description Public: the token is the secret (a forged or altered token answers 400 `invalid_unsubscribe_link`). Records an opt-out (source `unsubscribe_link`) for the address and channel type the token names; a second POST changes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The sealed token of a `List-Unsubscribe` URL */
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Unsubscribed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                503: components["responses"]["Overloaded"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Members of the account with their roles */
        get: {
            parameters: {
                query?: {
                    /** @description FIELD:OP:VALUE, repeatable (AND). OPs: eq ne lt le gt ge contains icontains in like range is_null startswith endswith */
                    filter?: string | string[];
                    /** @description Page number from 1 */
                    page?: string;
                    /** @description Items per page, 1 to 100 (default 20) */
                    page_size?: string;
                    /** @description FIELD:asc|desc, repeatable */
                    sort?: string | string[];
                };
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Members */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MemberList"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One member */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The member */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Member"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Remove a member from the account
         * @description Their API keys are revoked. Their active schedules are paused and their broadcasts not yet sending (draft, pending_approval, queued) cancelled when the account's `on_member_removed` says so (default: they keep running); each in the audit log.
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed */
                204: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a member's role
         * @description Their API keys that hold more than the new role get the new role. A role without scheduled_messages:send or group_messages:send pauses their schedules or cancels their broadcasts not yet sending when the account's `on_member_removed` says so.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
                    "X-Account-Id"?: components["parameters"]["AccountId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON body */
            requestBody: {
                content: {
                    "application/json": components["schemas"]["MemberUpdate"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                        "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                        "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Member"];
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Authenticated but not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than the limit */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Well-formed but not acceptable; `errors` names the fields */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["RateLimited"];
                503: components["responses"]["Overloaded"];
            };
        };
        trace?: never;
    };
    "/v1/webhooks/{provider}/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook subscription handshake (Meta: hub.mode, hub.verify_token, hub.challenge), or an event sent by GET (MessageBird status reports) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The provider of the channel */
                    provider: "twilio" | "africastalking" | "vonage" | "messagebird" | "smpp" | "telegram" | "whatsapp" | "messenger" | "email" | "sandbox";
                    /** @description The channel's webhook token (from `webhook_urls`) */
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Meta's subscription handshake: `hub.challenge`, echoed; for MessageBird, a status report or incoming message (query parameters), accepted */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description This provider has no GET handshake and sends no events by GET */
                405: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Receive a provider webhook (delivery receipts, incoming messages)
         * @description Public: authenticated by the provider’s own mechanism (Twilio `X-Twilio-Signature` over the public URL, Meta `X-Hub-Signature-256`, Telegram `X-Telegram-Bot-Api-Secret-Token`, Vonage `sig`, MessageBird `MessageBird-Signature-JWT`; the sandbox’s token is its secret). Paste the URLs of the channel’s `webhook_urls` into the provider’s console. A webhook delivered twice changes nothing; an unknown message id or status is stored and ignored.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The provider of the channel */
                    provider: "twilio" | "africastalking" | "vonage" | "messagebird" | "smpp" | "telegram" | "whatsapp" | "messenger" | "email" | "sandbox";
                    /** @description The channel's webhook token (from `webhook_urls`) */
                    token: string;
                };
                cookie?: never;
            };
            /** @description The provider's own webhook payload, as the provider sends it (form-encoded for Twilio, JSON for the others); the sandbox takes `{ id?, from, to?, text }`. */
            requestBody?: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                    "application/x-www-form-urlencoded": {
                        [key: string]: string;
                    };
                };
            };
            responses: {
                /** @description Accepted: the events are stored and applied shortly after. The body is what the provider expects (Twilio: empty TwiML). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                        "text/xml": string;
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The signature or secret is missing or wrong (no detail is given) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is over 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{provider}/{token}/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook subscription handshake (Meta: hub.mode, hub.verify_token, hub.challenge), or an event sent by GET (MessageBird status reports) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Delivery receipts or incoming messages */
                    kind: "status" | "inbound";
                    /** @description The provider of the channel */
                    provider: "twilio" | "africastalking" | "vonage" | "messagebird" | "smpp" | "telegram" | "whatsapp" | "messenger" | "email" | "sandbox";
                    /** @description The channel's webhook token (from `webhook_urls`) */
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Meta's subscription handshake: `hub.challenge`, echoed; for MessageBird, a status report or incoming message (query parameters), accepted */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description This provider has no GET handshake and sends no events by GET */
                405: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Receive a provider webhook (delivery receipts, incoming messages)
         * @description Public: authenticated by the provider’s own mechanism (Twilio `X-Twilio-Signature` over the public URL, Meta `X-Hub-Signature-256`, Telegram `X-Telegram-Bot-Api-Secret-Token`, Vonage `sig`, MessageBird `MessageBird-Signature-JWT`; the sandbox’s token is its secret). Paste the URLs of the channel’s `webhook_urls` into the provider’s console. A webhook delivered twice changes nothing; an unknown message id or status is stored and ignored.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Delivery receipts or incoming messages */
                    kind: "status" | "inbound";
                    /** @description The provider of the channel */
                    provider: "twilio" | "africastalking" | "vonage" | "messagebird" | "smpp" | "telegram" | "whatsapp" | "messenger" | "email" | "sandbox";
                    /** @description The channel's webhook token (from `webhook_urls`) */
                    token: string;
                };
                cookie?: never;
            };
            /** @description The provider's own webhook payload, as the provider sends it (form-encoded for Twilio, JSON for the others); the sandbox takes `{ id?, from, to?, text }`. */
            requestBody?: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                    "application/x-www-form-urlencoded": {
                        [key: string]: string;
                    };
                };
            };
            responses: {
                /** @description Accepted: the events are stored and applied shortly after. The body is what the provider expects (Twilio: empty TwiML). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                        "text/xml": string;
                    };
                };
                /** @description Malformed request (bad JSON, bad query, wrong type) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The signature or secret is missing or wrong (no detail is given) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found (or belongs to another account) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is over 1 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        Accepted: {
            /** @enum {string} */
            status: "accepted";
        };
        Account: {
            api_rate_limit: components["schemas"]["AccountRateLimit"];
            consent: components["schemas"]["ConsentSettings"];
            created_at: string;
            default_country_code: string | null;
            /** Format: uuid */
            id: string;
            name: string;
            on_member_removed: components["schemas"]["MemberRemovalSettings"];
            quiet_hours: components["schemas"]["QuietHours"];
            timezone: string;
            updated_at: string;
        };
        AccountCreate: {
            /**
             * @description ISO 3166-1 alpha-2; applies to national phone numbers
             * @example ET
             */
            default_country_code?: string | null;
            name: string;
            /** @example Africa/Addis_Ababa */
            timezone?: string;
        };
        AccountList: {
            items: components["schemas"]["Account"][];
            page: number;
            page_size: number;
            total: number;
            /** @description true when more than 10,000 rows match: `total` is then the database planner's estimate, not an exact count (extension) */
            total_is_estimate: boolean;
        };
        /** @description Requests each API key of the account, and each user acting in it, may make (token bucket): `burst` in a row, then `per_second`. null: the platform's default (API_RATE_LIMIT_PER_SECOND, API_RATE_LIMIT_BURST). Changing it needs account:manage (extension). */
        AccountRateLimit: {
            /**
             * @description Most requests in a row, the bucket size
             * @example 200
             */
            burst: number;
            /**
             * @description Tokens added per second
             * @example 50
             */
            per_second: number;
        } | null;
        AccountUpdate: {
            api_rate_limit?: components["schemas"]["AccountRateLimit"];
            consent?: components["schemas"]["ConsentSettings"];
            /**
             * @description ISO 3166-1 alpha-2; applies to national phone numbers
             * @example ET
             */
            default_country_code?: string | null;
            name?: string;
            on_member_removed?: {
                /** @description Cancel the broadcasts the member created that are not sending yet (draft, pending_approval, queued); processing ones finish */
                cancel_broadcasts?: boolean;
                /** @description Pause the active schedules (pending, triggered) the member created; an admin resumes them (POST /v1/scheduled-messages/{id}/resume) */
                pause_schedules?: boolean;
            };
            quiet_hours?: components["schemas"]["QuietHours"];
            /** @example Africa/Addis_Ababa */
            timezone?: string;
        };
        ApiKey: {
            created_at: string;
            /**
             * Format: uuid
             * @description The user who created the key; removing that member revokes it, demoting them downgrades it
             */
            created_by_user_id: string | null;
            /** Format: uuid */
            id: string;
            last_used_at: string | null;
            name: string;
            /** @description The first characters of the key, to recognize it */
            prefix: string;
            revoked_at: string | null;
            role: {
                /** Format: uuid */
                id: string;
                name: string;
            };
        };
        ApiKeyCreate: {
            name: string;
            /**
             * Format: uuid
             * @description Defaults to the caller's own role
             */
            role_id?: string;
        };
        ApiKeyList: {
            items: components["schemas"]["ApiKey"][];
            page: number;
            page_size: number;
            total: number;
            /** @description true when more than 10,000 rows match: `total` is then the database planner's estimate, not an exact count (extension) */
            total_is_estimate: boolean;
        };
        AuditEntry: {
            /** @example channel.updated */
            action: string;
            actor: {
                /** Format: uuid */
                id: string | null;
                /** @enum {string} */
                type: "user" | "api_key" | "system";
            };
            /** @description `{ field: { from, to } }`; secrets appear as "••••" (changed), never their value */
            changes?: {
                [key: string]: {
                    from?: unknown;
                    to?: unknown;
                };
            };
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            id: string;
            ip: string | null;
            resource_id: string | null;
            /** @example channel */
            resource_type: string;
            user_agent: string | null;
        };
        AuditEntryList: {
            items: components["schemas"]["AuditEntry"][];
            page: number;
            page_size: number;
            total: number;
            /** @description true when more than 10,000 rows match: `total` is then the database planner's estimate, not an exact count (extension) */
            total_is_estimate: boolean;
        };
        BasicContext: {
            accounts: {
                /** Format: uuid */
                id: string;
                name: string;
                role: {
                    /** Format: uuid */
                    id: string;
                    name: string;
                    permissions: string[];
                };
            }[];
            user: components["schemas"]["User"];
        };
        ChangePasswordInput: {
            current_password: string;
            /** @example correct horse battery staple */
            new_password: string;
        };
        Channel: {
            /** @enum {string} */
            channel_type: "sms" | "smpp" | "telegram" | "whatsapp" | "messenger" | "email" | "sandbox";
            config: {
                [key: string]: unknown;
            };
            created_at: string;
            /**
             * @description Write-only: each value masked, at most its last 4 characters shown
             * @example {
             *       "account_sid": "••••9f2c",
             *       "auth_token": "••••a1b2"
             *     }
             */
            credentials: {
                [key: string]: string;
            };
            default_country_code: string | null;
            error_message: string | null;
            /** Format: uuid */
            id: string;
            is_enabled: boolean;
            last_verified_at: string | null;
            name: string;
            priority: number;
            /** @enum {string} */
            provider: "twilio" | "africastalking" | "vonage" | "messagebird" | "smpp" | "telegram" | "whatsapp" | "messenger" | "email" | "sandbox";
            quiet_hours: components["schemas"]["QuietHours"] & unknown;
            /** @description Messages per second across all workers; null: the provider's default */
            rate_limit: number | null;
            retry_count: number;
            /** @description Seconds (base of the backoff) */
            retry_interval: number;
            sender_name: string | null;
            /** @enum {string} */
            status: "connected" | "disconnected" | "rate_limited" | "error" | "disabled";
            updated_at: string;
            /** @description Give these URLs to the provider (delivery receipts, inbound messages) */
            webhook_urls: {
                inbound?: string;
                status?: string;
            };
        };
        ChannelCreate: {
            /** @enum {string} */
            channel_type: "sms" | "smpp" | "telegram" | "whatsapp" | "messenger" | "email" | "sandbox";
            /** @description Provider settings (not secret). `base_url` is accepted on HTTP providers only when PROVIDER_BASE_URL_OVERRIDE is on. Sandbox: { delay_ms, failure_rate, deliver }. */
            config?: {
                [key: string]: unknown;
            };
            /** @description Validated by the provider; stored encrypted and never returned. Fields (? = optional): twilio: account_sid, auth_token; africastalking: username, api_key; vonage: api_key, api_secret, signature_secret?; messagebird: access_key, signing_key?; smpp: host, port, system_id, password, system_type?; telegram: bot_token, webhook_secret?; whatsapp: access_token, phone_number_id, business_account_id?, app_secret?, verify_token?; messenger: page_access_token, app_secret, verify_token?, page_id?; email: smtp_host, smtp_port, smtp_user, smtp_pass, imap_host?, imap_port?, imap_user?, imap_pass?; sandbox: (none) */
            credentials?: {
                [key: string]: unknown;
            };
            default_country_code?: string | null;
            is_enabled?: boolean;
            name: string;
            priority?: number;
            /**
             * @description Required for sms (twilio, africastalking, vonage, messagebird); otherwise the channel type itself
             * @enum {string}
             */
            provider?: "twilio" | "africastalking" | "vonage" | "messagebird" | "smpp" | "telegram" | "whatsapp" | "messenger" | "email" | "sandbox";
            quiet_hours?: components["schemas"]["QuietHours"];
            rate_limit?: number | null;
            retry_count?: number;
            retry_interval?: number;
            sender_name?: string | null;
        };
        ChannelList: {
            items: components["schemas"]["Channel"][];
            page: number;
            page_size: number;
            total: number;
            /** @description true when more than 10,000 rows match: `total` is then the database planner's estimate, not an exact count (extension) */
            total_is_estimate: boolean;
        };
        ChannelUpdate: {
            /** @description Merged key by key into the stored config; a null value removes a key */
            config?: {
                [key: string]: unknown;
            };
            /** @description Replaces every stored credential (validated); omit to keep them */
            credentials?: {
                [key: string]: unknown;
            };
            default_country_code?: string | null;
            is_enabled?: boolean;
            name?: string;
            priority?: number;
            quiet_hours?: components["schemas"]["QuietHours"];
            rate_limit?: number | null;
            retry_count?: number;
            retry_interval?: number;
            sender_name?: string | null;
        };
        /** @description Consent settings of the account; a PATCH replaces only the keys it names */
        ConsentSettings: {
            /**
             * @description A broadcast to more recipients than this waits in `pending_approval` until a user with `group_messages:approve` other than its creator approves or rejects it (null: no approval step)
             * @example 1000
             */
            approval_threshold?: number | null;
            /**
             * @description At most this many broadcast messages per contact per rolling 24 hours / 7 days, across all broadcasts; more are skipped with `frequency_capped`. Single messages are not counted or capped.
             * @example {
             *       "per_day": 1,
             *       "per_week": 3
             *     }
             */
            frequency_cap?: {
                per_day?: number | null;
                per_week?: number | null;
            } | null;
            /**
             * @description Inbound words that opt the sender back in, besides START and UNSTOP; a built-in opt-out word is refused with 422
             * @example [
             *       "ANZA"
             *     ]
             */
            opt_in_keywords?: string[];
            opt_in_reply?: string | null;
            /**
             * @description Inbound words that opt the sender out, besides STOP, STOPALL, UNSUBSCRIBE, CANCEL, END and QUIT (whole message, any case); a word that is also an opt-in word (START, UNSTOP or one of `opt_in_keywords`) is refused with 422
             * @example [
             *       "ACHI",
             *       "ARRET",
             *       "ይቅር"
             *     ]
             */
            opt_out_keywords?: string[];
            /** @description The confirmation sent once on SMS-like channels after an opt-out (null: the default words; empty: none) */
            opt_out_reply?: string | null;
        };
        Contact: {
            attributes: {
                [key: string]: string | number | boolean | null;
            };
            created_at: string;
            email: string | null;
            first_name: string | null;
            /** Format: uuid */
            id: string;
            last_name: string | null;
            messenger_psid: string | null;
            name: string | null;
            /** Format: uuid */
            person_id: string | null;
            /**
             * @description E.164
             * @example +251911234567
             */
            phone: string | null;
            tags: string[];
            telegram_chat_id: string | null;
            /** @description IANA time zone (quiet hours) */
            timezone: string | null;
            updated_at: string;
        };
        ContactCreate: {
            /**
             * @description Replaces the whole object; null clears it
             * @example {
             *       "city": "Addis Ababa",
             *       "plan": "gold",
             *       "visits": 3
             *     }
             */
            attributes?: {
                [key: string]: string | number | boolean | null;
            } | null;
            /**
             * Format: email
             * @description Unique per account, case-insensitively
             * @example ada@example.com
             */
            email?: string | null;
            first_name?: string | null;
            last_name?: string | null;
            messenger_psid?: string | null;
            name?: string | null;
            /**
             * Format: uuid
             * @description A person of the same account
             */
            person_id?: string | null;
            /**
             * @description Any common format; stored in E.164. A national number is read in the account's default_country_code
             * @example +251 91 123 4567
             */
            phone?: string | null;
            /**
             * @description Replaces the whole list; null clears it
             * @example [
             *       "vip",
             *       "newsletter"
             *     ]
             */
            tags?: string[] | null;
            /**
             * @description Stored and returned as a string
             * @example 123456789
             */
            telegram_chat_id?: string | number | null;
            /**
             * @description IANA time zone for quiet hours; else the phone number's country's, else the account's
             * @example Africa/Addis_Ababa
             */
            timezone?: string | null;
        };
        ContactGroup: {
            contact_count: number;
            created_at: string;
            description: string | null;
            /** Format: uuid */
            id: string;
            name: string;
            updated_at: string;
        };
        ContactGroupCreate: {
            description?: string | null;
            /** @description Unique per account, case-insensitively */
            name: string;
        };
        ContactGroupList: {
            items: components["schemas"]["ContactGroup"][];
            page: number;
            page_size: number;
            total: number;
            /** @description true when more than 10,000 rows match: `total` is then the database planner's estimate, not an exact count (extension) */
            total_is_estimate: boolean;
        };
        ContactGroupMembersAdded: {
            /** @description Contacts newly added (members already in the group are not counted) */
            added: number;
            /** @description Ids that are not contacts of this account */
            not_found: string[];
        };
        ContactGroupMembersInput: {
            /** @description 1 to 10000 contact ids */
            contact_ids: string[];
        };
        ContactGroupMembersRemoved: {
            /** @description Ids that are not contacts of this account */
            not_found: string[];
            /** @description Memberships removed */
            removed: number;
        };
        ContactGroupUpdate: {
            description?: string | null;
            /** @description Unique per account, case-insensitively */
            name?: string;
        };
        ContactImport: components["schemas"]["ContactImportSummary"] & {
            /** @description The first 1,000 rejected rows, in row order */
            errors: {
                message: string;
                /** @description Record number after the header: 1 is the first data row, i.e. spreadsheet row N + 1; blank rows keep their number */
                row: number;
            }[];
        };
        ContactImportAccepted: {
            /** Format: uuid */
            id: string;
            /**
             * @description `receiving` while the upload streams in, `queued` until a worker takes it, `processing` while rows are written, then `completed` or `failed`
             * @enum {string}
             */
            status: "receiving" | "queued" | "processing" | "completed" | "failed";
        };
        ContactImportList: {
            items: components["schemas"]["ContactImportSummary"][];
            page: number;
            page_size: number;
            total: number;
            /** @description true when more than 10,000 rows match: `total` is then the database planner's estimate, not an exact count (extension) */
            total_is_estimate: boolean;
        };
        ContactImportSummary: {
            bytes: number;
            completed_at: string | null;
            created_at: string;
            /** @description Why a `failed` import stopped (unreadable file, missing columns) */
            error_message: string | null;
            /** @description Rows rejected; `errors` lists the first 1,000 */
            failed: number;
            filename: string | null;
            /** Format: uuid */
            id: string;
            /** @description Rows that created a contact */
            imported: number;
            started_at: string | null;
            /**
             * @description `receiving` while the upload streams in, `queued` until a worker takes it, `processing` while rows are written, then `completed` or `failed`
             * @enum {string}
             */
            status: "receiving" | "queued" | "processing" | "completed" | "failed";
            /** @description Data rows processed so far (blank rows excluded) */
            total_rows: number;
            /** @description Rows that updated a contact (matched by phone, then email) */
            updated: number;
        };
        ContactList: {
            items: components["schemas"]["Contact"][];
            page: number;
            page_size: number;
            total: number;
            /** @description true when more than 10,000 rows match: `total` is then the database planner's estimate, not an exact count (extension) */
            total_is_estimate: boolean;
        };
        ContactUpdate: {
            /**
             * @description Replaces the whole object; null clears it
             * @example {
             *       "city": "Addis Ababa",
             *       "plan": "gold",
             *       "visits": 3
             *     }
             */
            attributes?: {
                [key: string]: string | number | boolean | null;
            } | null;
            /**
             * Format: email
             * @description Unique per account, case-insensitively
             * @example ada@example.com
             */
            email?: string | null;
            first_name?: string | null;
            last_name?: string | null;
            messenger_psid?: string | null;
            name?: string | null;
            /**
             * Format: uuid
             * @description A person of the same account
             */
            person_id?: string | null;
            /**
             * @description Any common format; stored in E.164. A national number is read in the account's default_country_code
             * @example +251 91 123 4567
             */
            phone?: string | null;
            /**
             * @description Replaces the whole list; null clears it
             * @example [
             *       "vip",
             *       "newsletter"
             *     ]
             */
            tags?: string[] | null;
            /**
             * @description Stored and returned as a string
             * @example 123456789
             */
            telegram_chat_id?: string | number | null;
            /**
             * @description IANA time zone for quiet hours; else the phone number's country's, else the account's
             * @example Africa/Addis_Ababa
             */
            timezone?: string | null;
        };
        CreatedApiKey: components["schemas"]["ApiKey"] & {
            /**
             * @description The secret key, shown only in this response
             * @example tk_...
             */
            key: string;
        };
        EmailInput: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
        };
        GroupMessage: {
            /** @description Set when the broadcast needed approval (more recipients than the account’s approval_threshold): who asked, who decided, when (extension) */
            approval: {
                decided_at: string | null;
                /** Format: uuid */
                decided_by_user_id: string | null;
                /** @enum {string|null} */
                decision: "approved" | "rejected" | null;
                reason: string | null;
                recipients: number;
                requested_at: string;
                /** Format: uuid */
                requested_by_user_id: string | null;
                threshold: number;
            } | null;
            cancelled_count: number;
            /** Format: uuid */
            channel_id: string | null;
            completed_at: string | null;
            contact_group_ids: string[];
            contact_ids: string[];
            created_at: string;
            /**
             * Format: uuid
             * @description The user who created it (null: an API key); they may not approve it (extension)
             */
            created_by_user_id: string | null;
            /** @description Counted within sent_count */
            delivered_count: number;
            /** @description Why the broadcast ended without sending everything, e.g. `{ "code": "channel_deleted" }` when its channel was deleted mid-way (extension) */
            error_details: {
                [key: string]: unknown;
            } | null;
            exclude_contact_ids: string[];
            failed_count: number;
            /** Format: uuid */
            id: string;
            /** @description Extension. `HH:MM` (24-hour): each recipient gets the message at the first such wall-clock time in their own time zone (the contact’s `timezone`, else their phone number’s country when it has one zone, else the account’s) at or after the broadcast starts (`scheduled_at`, else when it is started). A zone where that time has already passed goes to the next day’s. DST-exact; a time inside a spring-forward gap moves forward by the gap. null: everyone at once. */
            local_send_time: string | null;
            name: string;
            /** @description total − sent − failed − skipped − cancelled */
            pending_count: number;
            scheduled_at: string | null;
            /** Format: uuid */
            scheduled_message_id: string | null;
            send_rate: number | null;
            sent_count: number;
            skip_duplicates: boolean;
            skipped_count: number;
            started_at: string | null;
            /** @enum {string} */
            status: "draft" | "pending_approval" | "queued" | "processing" | "completed" | "partially_failed" | "failed" | "cancelled";
            /** Format: uuid */
            template_id: string | null;
            total_recipients: number;
            updated_at: string;
            variables: {
                [key: string]: string;
            };
            /** @description Pending messages waiting for the broadcast’s local_send_time in their recipient’s time zone (within pending_count; extension) */
            waiting_local_time: number;
            /** @description Pending messages waiting for the end of quiet hours in their recipient’s time zone (within pending_count) */
            waiting_quiet_hours: number;
        };
        GroupMessageAudience: {
            /** @default [] */
            contact_group_ids: string[];
            /** @default [] */
            contact_ids: string[];
            /** @default [] */
            exclude_contact_ids: string[];
        };
        GroupMessageAudienceCount: {
            /** @description Distinct contacts of the account in contact_group_ids or contact_ids, minus exclude_contact_ids: the total_recipients a broadcast with this audience would start with now */
            recipients: number;
        };
        GroupMessageCheck: {
            /**
             * @description UCS-2 when any body needs it
             * @enum {string}
             */
            encoding: "GSM-7" | "UCS-2";
            /**
             * @description Template variables without a value, with the number of recipients lacking each
             * @example {
             *       "FIRST_NAME": 40
             *     }
             */
            missing_variables: {
                [key: string]: number;
            };
            /** @description Contacts in the audience now */
            recipients: number;
            /** @description The first few rendered bodies; empty for a caller without contacts:read (the bodies carry contact fields) */
            sample: {
                body: string;
                /** Format: uuid */
                contact_id: string;
            }[];
            /** @description SMS parts the sendable messages would take (1 per message off SMS) */
            segments_total: number;
            /** @description Recipients who would be sent a message */
            sendable: number;
            /**
             * @description Recipients who would not be sent to, by reason: `opted_out`, `no_address`, `skip_contact`, `frequency_capped`, `outside_session_window`, ...
             * @example {
             *       "opted_out": 12,
             *       "no_address": 3
             *     }
             */
            skipped_by_reason: {
                [key: string]: number;
            };
        };
        GroupMessageCreate: {
            /** Format: uuid */
            channel_id: string;
            /** @default [] */
            contact_group_ids: string[];
            contact_ids?: string[];
            exclude_contact_ids?: string[];
            /**
             * @description Extension. `HH:MM` (24-hour): each recipient gets the message at the first such wall-clock time in their own time zone (the contact’s `timezone`, else their phone number’s country when it has one zone, else the account’s) at or after the broadcast starts (`scheduled_at`, else when it is started). A zone where that time has already passed goes to the next day’s. DST-exact; a time inside a spring-forward gap moves forward by the gap. null: everyone at once.
             * @example 09:00
             */
            local_send_time?: string | null;
            message_body?: string;
            name: string;
            /** Format: date-time */
            scheduled_at?: string | null;
            /** @description Messages per second for this broadcast (within the channel rate limit) */
            send_rate?: number | null;
            skip_duplicates?: boolean;
            /** @enum {string} */
            status?: "draft" | "queued";
            /** Format: uuid */
            template_id?: string;
            variables?: {
                [key: string]: string;
            };
        };
        GroupMessageList: {
            items: components["schemas"]["GroupMessage"][];
            page: number;
            page_size: number;
            total: number;
            /** @description true when more than 10,000 rows match: `total` is then the database planner's estimate, not an exact count (extension) */
            total_is_estimate: boolean;
        };
        GroupMessageRejection: {
            reason?: string;
        };
        GroupMessageRetryFailed: {
            group_message: components["schemas"]["GroupMessage"];
            /** @description Permanently failed messages put back in the queue */
            requeued: number;
        };
        GroupMessageUpdate: {
            /** Format: uuid */
            channel_id?: string;
            contact_group_ids?: string[];
            contact_ids?: string[];
            exclude_contact_ids?: string[];
            /**
             * @description Extension. `HH:MM` (24-hour): each recipient gets the message at the first such wall-clock time in their own time zone (the contact’s `timezone`, else their phone number’s country when it has one zone, else the account’s) at or after the broadcast starts (`scheduled_at`, else when it is started). A zone where that time has already passed goes to the next day’s. DST-exact; a time inside a spring-forward gap moves forward by the gap. null: everyone at once.
             * @example 09:00
             */
            local_send_time?: string | null;
            message_body?: string;
            name?: string;
            /** Format: date-time */
            scheduled_at?: string | null;
            /** @description Messages per second for this broadcast (within the channel rate limit) */
            send_rate?: number | null;
            skip_duplicates?: boolean;
            /** Format: uuid */
            template_id?: string;
            variables?: {
                [key: string]: string;
            };
        };
        Health: {
            /** @enum {string} */
            status: "ok";
        };
        Invitation: {
            accepted_at: string | null;
            created_at: string;
            email: string;
            expires_at: string;
            /** Format: uuid */
            id: string;
            role: {
                /** Format: uuid */
                id: string;
                name: string;
            };
        };
        InvitationAccept: {
            token: string;
        };
        InvitationAccepted: {
            account: components["schemas"]["Account"];
            role: {
                /** Format: uuid */
                id: string;
                name: string;
            };
        };
        InvitationCreate: {
            /** Format: email */
            email: string;
            /** Format: uuid */
            role_id: string;
        };
        InvitationList: {
            items: components["schemas"]["Invitation"][];
            page: number;
            page_size: number;
            total: number;
            /** @description true when more than 10,000 rows match: `total` is then the database planner's estimate, not an exact count (extension) */
            total_is_estimate: boolean;
        };
        LoginInput: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            password: string;
        };
        Member: {
            created_at: string;
            email: string;
            email_verified: boolean;
            /**
             * Format: uuid
             * @description The user id
             */
            id: string;
            joined_at: string;
            name: string | null;
            role: {
                /** Format: uuid */
                id: string;
                name: string;
            };
            updated_at: string;
        };
        MemberList: {
            items: components["schemas"]["Member"][];
            page: number;
            page_size: number;
            total: number;
            /** @description true when more than 10,000 rows match: `total` is then the database planner's estimate, not an exact count (extension) */
            total_is_estimate: boolean;
        };
        /**
         * @description What happens to what a member created when they are removed from the account, or demoted to a role without scheduled_messages:send (schedules) or group_messages:send (broadcasts). Each step is recorded in the audit log (`scheduled_message.paused`, `group_message.cancelled`). Default: both false, everything keeps running (extension). A PATCH replaces only the keys it names.
         * @example {
         *       "pause_schedules": true,
         *       "cancel_broadcasts": false
         *     }
         */
        MemberRemovalSettings: {
            /** @description Cancel the broadcasts the member created that are not sending yet (draft, pending_approval, queued); processing ones finish */
            cancel_broadcasts: boolean;
            /** @description Pause the active schedules (pending, triggered) the member created; an admin resumes them (POST /v1/scheduled-messages/{id}/resume) */
            pause_schedules: boolean;
        };
        MemberUpdate: {
            /** Format: uuid */
            role_id: string;
        };
        Message: {
            attempts: number;
            /** Format: uuid */
            channel_id: string | null;
            /** Format: uuid */
            contact_id: string | null;
            created_at: string;
            delivered_at: string | null;
            delivery_address: string | null;
            /** @enum {string} */
            direction: "outbound" | "inbound" | "system";
            error_details: {
                [key: string]: unknown;
            } | null;
            failed_at: string | null;
            /** Format: uuid */
            group_message_id: string | null;
            /** Format: uuid */
            id: string;
            /** @description Media sent with the body (https URL) */
            media_url: string | null;
            message_body: string | null;
            metadata: {
                [key: string]: unknown;
            };
            provider_message_id: string | null;
            scheduled_at: string | null;
            /** Format: uuid */
            scheduled_message_id: string | null;
            segments: number | null;
            sent_at: string | null;
            /** @enum {string} */
            status: "scheduled" | "queued" | "sending" | "sent" | "delivered" | "failed" | "permanently_failed" | "cancelled" | "skipped";
            subject: string | null;
            /** Format: uuid */
            template_id: string | null;
            updated_at: string;
        };
        MessageCreate: {
            /** Format: uuid */
            channel_id: string;
            /** Format: uuid */
            contact_id?: string;
            delivery_address?: string;
            /**
             * Format: uri
             * @description An image, video, audio file or document to send with the body, by https URL. Only on channels that carry media (WhatsApp, Messenger, Telegram, Twilio MMS, email); elsewhere 422 `media_not_supported`.
             */
            media_url?: string;
            message_body?: string;
            metadata?: {
                [key: string]: unknown;
            };
            /**
             * Format: date-time
             * @description Send later (ISO 8601 with offset)
             */
            scheduled_at?: string;
            subject?: string;
            /** Format: uuid */
            template_id?: string;
            /** @description A message the recipient is waiting for (a code, a receipt): it ignores quiet hours */
            transactional?: boolean;
            variables?: {
                [key: string]: string;
            };
        };
        MessageList: {
            items: components["schemas"]["Message"][];
            page: number;
            page_size: number;
            total: number;
            /** @description true when more than 10,000 rows match: `total` is then the database planner's estimate, not an exact count (extension) */
            total_is_estimate: boolean;
        };
        MessageStats: {
            /** @description First day of the range (YYYY-MM-DD) in `timezone` */
            from: string;
            /** @enum {string|null} */
            group_by: "channel" | null;
            /** Format: uuid */
            group_message_id: string | null;
            /** @enum {string} */
            interval: "minute" | "hour" | "day";
            /** @description Every bucket of the range in order (buckets without messages count 0); with group_by=channel, one item per bucket and channel that had messages in the range. With group_message_id and no from/to, the range runs from the broadcast’s start to its last event (or now while it runs) */
            items: components["schemas"]["MessageStatsBucket"][];
            timezone: string;
            /** @description Last day of the range (YYYY-MM-DD) in `timezone` */
            to: string;
            /** @description The whole range */
            totals: {
                /** @description Of those, reported delivered */
                delivered: number;
                /** @description delivered / sent, 0 to 1; null when nothing was sent */
                delivery_rate: number | null;
                /** @description Outbound messages created in the period that failed for good */
                failed: number;
                /** @description Outbound messages created in the period that reached the provider */
                sent: number;
            };
        };
        MessageStatsBucket: {
            /** @description With group_by=channel: the channel (null: messages without one) */
            channel_id?: string | null;
            /** @description Of those, reported delivered */
            delivered: number;
            /** @description delivered / sent, 0 to 1; null when nothing was sent */
            delivery_rate: number | null;
            /** @description Outbound messages created in the period that failed for good */
            failed: number;
            /** @description interval=day: the day (YYYY-MM-DD) in `timezone`; minute and hour: the instant the bucket starts (UTC, ISO 8601), hours aligned to the hour in `timezone` */
            period_start: string;
            /** @description Outbound messages created in the period that reached the provider */
            sent: number;
        };
        MessageUpdate: {
            /** @description Replaces the metadata object */
            metadata?: {
                [key: string]: unknown;
            };
            /**
             * @description Cancel while scheduled or queued, or failed and waiting for its retry (an extension of the contract: a retry that a throttling provider keeps putting off can be stopped)
             * @enum {string}
             */
            status?: "cancelled";
        };
        Ok: {
            /** @enum {string} */
            status: "ok";
        };
        OptOut: {
            /** @description In the channel type’s canonical form (E.164, lower-case email…) */
            address: string;
            /** @enum {string} */
            channel_type: "sms" | "smpp" | "telegram" | "whatsapp" | "messenger" | "email" | "sandbox";
            /** Format: uuid */
            contact_id: string | null;
            created_at: string;
            /** Format: uuid */
            id: string;
            reason: string | null;
            /** @enum {string} */
            source: "keyword" | "provider" | "unsubscribe_link" | "api" | "import";
        };
        OptOutCreate: {
            address: string;
            /** @enum {string} */
            channel_type: "sms" | "smpp" | "telegram" | "whatsapp" | "messenger" | "email" | "sandbox";
            reason?: string;
        };
        OptOutImportResult: {
            already_opted_out: number;
            /** @description The first 100 rows that could not be read */
            errors: {
                message: string;
                row: number;
            }[];
            failed: number;
            imported: number;
            rows: number;
        };
        OptOutList: {
            items: components["schemas"]["OptOut"][];
            page: number;
            page_size: number;
            total: number;
            /** @description true when more than 10,000 rows match: `total` is then the database planner's estimate, not an exact count (extension) */
            total_is_estimate: boolean;
        };
        Person: {
            attributes: {
                [key: string]: string | number | boolean | null;
            };
            created_at: string;
            /** Format: uuid */
            id: string;
            name: string;
            updated_at: string;
        };
        PersonCreate: {
            /**
             * @description Replaces the whole object; null clears it
             * @example {
             *       "city": "Addis Ababa",
             *       "plan": "gold",
             *       "visits": 3
             *     }
             */
            attributes?: {
                [key: string]: string | number | boolean | null;
            } | null;
            name: string;
        };
        PersonList: {
            items: components["schemas"]["Person"][];
            page: number;
            page_size: number;
            total: number;
            /** @description true when more than 10,000 rows match: `total` is then the database planner's estimate, not an exact count (extension) */
            total_is_estimate: boolean;
        };
        PersonUpdate: {
            /**
             * @description Replaces the whole object; null clears it
             * @example {
             *       "city": "Addis Ababa",
             *       "plan": "gold",
             *       "visits": 3
             *     }
             */
            attributes?: {
                [key: string]: string | number | boolean | null;
            } | null;
            name?: string;
        };
        Problem: {
            code: string;
            detail: string;
            errors?: {
                message: string;
                path: string;
            }[];
            request_id: string;
            status: number;
            title: string;
            type: string;
        };
        ProviderInfo: {
            /** @description Whether `config.base_url` is accepted on this server (HTTP providers with PROVIDER_BASE_URL_OVERRIDE on) */
            base_url_allowed: boolean;
            /** @enum {string} */
            channel_type: "sms" | "smpp" | "telegram" | "whatsapp" | "messenger" | "email" | "sandbox";
            /** @description JSON Schema (draft 2020-12) of the object, as the API validates it (input side: defaults are optional) */
            config_schema: {
                [key: string]: unknown;
            };
            /** @description JSON Schema (draft 2020-12) of the object, as the API validates it (input side: defaults are optional) */
            credentials_schema: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            id: "twilio" | "africastalking" | "vonage" | "messagebird" | "smpp" | "telegram" | "whatsapp" | "messenger" | "email" | "sandbox";
            /** @description Credential fields that are secrets (password inputs; never shown again) */
            secret_fields: string[];
            /** @description The webhook URLs a channel of this provider gets (`webhook_urls` keys) */
            webhooks: ("status" | "inbound")[];
        };
        ProviderList: {
            items: components["schemas"]["ProviderInfo"][];
        };
        /**
         * @description Wall-clock window in the recipient's time zone (contact timezone, else the phone number's country when it has one zone, else the account's) in which bulk sends wait; may wrap midnight
         * @example {
         *       "start": "21:00",
         *       "end": "08:00"
         *     }
         */
        QuietHours: {
            end: string;
            start: string;
        } | null;
        Readiness: {
            checks: {
                postgres: {
                    error?: string;
                    /** @enum {string} */
                    status: "ok" | "error";
                };
                rabbitmq: {
                    error?: string;
                    /** @enum {string} */
                    status: "ok" | "error";
                };
                redis: {
                    error?: string;
                    /** @enum {string} */
                    status: "ok" | "error";
                };
            };
            /** @enum {string} */
            status: "ok" | "unavailable";
        };
        RefreshInput: {
            refresh_token: string;
        };
        RegisterInput: {
            account_name: string;
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            name?: string;
            /** @example correct horse battery staple */
            password: string;
        };
        RegisterResult: {
            account: components["schemas"]["Account"];
            user: components["schemas"]["User"];
        };
        ResetPasswordInput: {
            /** @example 123456 */
            code: string;
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /** @example correct horse battery staple */
            new_password: string;
        };
        Role: {
            created_at: string;
            description: string | null;
            /** Format: uuid */
            id: string;
            name: string;
            permissions: string[];
            updated_at: string;
        };
        RoleCreate: {
            description?: string | null;
            name: string;
            /**
             * @example [
             *       "contacts:write",
             *       "messages:send"
             *     ]
             */
            permissions: string[];
        };
        RoleList: {
            items: components["schemas"]["Role"][];
            page: number;
            page_size: number;
            total: number;
            /** @description true when more than 10,000 rows match: `total` is then the database planner's estimate, not an exact count (extension) */
            total_is_estimate: boolean;
        };
        RoleUpdate: {
            description?: string | null;
            name?: string;
            /**
             * @example [
             *       "contacts:write",
             *       "messages:send"
             *     ]
             */
            permissions?: string[];
        };
        ScheduledMessage: {
            /** Format: uuid */
            channel_id: string | null;
            contact_group_ids: string[];
            /** Format: uuid */
            contact_id: string | null;
            created_at: string;
            delivery_address: string | null;
            /** Format: uuid */
            id: string;
            is_recurring: boolean;
            last_error: string | null;
            last_triggered_at: string | null;
            /** @description Extension, group schedules: carried to each run’s broadcast (see GroupMessage.local_send_time) */
            local_send_time: string | null;
            message_body: string | null;
            /** @description Occurrences recorded as missed after an outage */
            missed_count: number;
            name: string | null;
            next_trigger_at: string | null;
            recurrence_end_at: string | null;
            recurrence_rule: string | null;
            /** @description The first run (UTC) */
            scheduled_at: string;
            /** @description scheduled_at as wall-clock time in `timezone`; recurrences keep its time of day */
            scheduled_local: string;
            /** @enum {string} */
            send_type: "single" | "group";
            /**
             * @description pending (active, not run yet) → triggered (active, has run) → completed (nothing left to run); failed (a one-time run could not be sent or was missed); paused; cancelled
             * @enum {string}
             */
            status: "pending" | "triggered" | "completed" | "failed" | "paused" | "cancelled";
            subject: string | null;
            /** Format: uuid */
            template_id: string | null;
            timezone: string;
            /** @description Runs that created a message or broadcast */
            trigger_count: number;
            updated_at: string;
            variables: {
                [key: string]: string;
            };
        };
        ScheduledMessageCreate: {
            /** Format: uuid */
            channel_id: string;
            contact_group_ids?: string[];
            /** Format: uuid */
            contact_id?: string;
            delivery_address?: string;
            /** @description Default: true when recurrence_rule is given */
            is_recurring?: boolean;
            /**
             * @description Extension. `HH:MM` (24-hour): each recipient gets the message at the first such wall-clock time in their own time zone (the contact’s `timezone`, else their phone number’s country when it has one zone, else the account’s) at or after the broadcast starts (`scheduled_at`, else when it is started). A zone where that time has already passed goes to the next day’s. DST-exact; a time inside a spring-forward gap moves forward by the gap. null: everyone at once.
             * @example 09:00
             */
            local_send_time?: string | null;
            message_body?: string;
            name?: string;
            /**
             * @description ISO 8601; without an offset it is wall-clock time in `timezone`
             * @example 2027-03-14T09:00:00
             */
            recurrence_end_at?: string | null;
            /**
             * @description `daily`, `weekly:mon,wed,fri`, `monthly:15` (last day in shorter months) or `cron:EXPR` (5 or 6 fields)
             * @example weekly:mon,wed,fri
             */
            recurrence_rule?: string;
            /**
             * @description ISO 8601; without an offset it is wall-clock time in `timezone`
             * @example 2027-03-14T09:00:00
             */
            scheduled_at: string;
            /** @enum {string} */
            send_type: "single" | "group";
            subject?: string;
            /** Format: uuid */
            template_id?: string;
            /**
             * @description IANA time zone; default: the account's
             * @example Europe/Berlin
             */
            timezone?: string;
            variables?: {
                [key: string]: string;
            };
        };
        ScheduledMessageList: {
            items: components["schemas"]["ScheduledMessage"][];
            page: number;
            page_size: number;
            total: number;
            /** @description true when more than 10,000 rows match: `total` is then the database planner's estimate, not an exact count (extension) */
            total_is_estimate: boolean;
        };
        ScheduledMessageRun: {
            created_at: string;
            error: string | null;
            /** Format: uuid */
            group_message_id: string | null;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            message_id: string | null;
            occurrence_at: string;
            /** @enum {string} */
            outcome: "triggered" | "missed" | "failed";
            /** Format: uuid */
            scheduled_message_id: string;
        };
        ScheduledMessageRunList: {
            items: components["schemas"]["ScheduledMessageRun"][];
            page: number;
            page_size: number;
            total: number;
            /** @description true when more than 10,000 rows match: `total` is then the database planner's estimate, not an exact count (extension) */
            total_is_estimate: boolean;
        };
        ScheduledMessageUpdate: {
            /** Format: uuid */
            channel_id?: string;
            contact_group_ids?: string[];
            /** Format: uuid */
            contact_id?: string | null;
            delivery_address?: string | null;
            is_recurring?: boolean;
            /**
             * @description Extension. `HH:MM` (24-hour): each recipient gets the message at the first such wall-clock time in their own time zone (the contact’s `timezone`, else their phone number’s country when it has one zone, else the account’s) at or after the broadcast starts (`scheduled_at`, else when it is started). A zone where that time has already passed goes to the next day’s. DST-exact; a time inside a spring-forward gap moves forward by the gap. null: everyone at once.
             * @example 09:00
             */
            local_send_time?: string | null;
            message_body?: string | null;
            name?: string | null;
            /**
             * @description ISO 8601; without an offset it is wall-clock time in `timezone`
             * @example 2027-03-14T09:00:00
             */
            recurrence_end_at?: string | null;
            /**
             * @description `daily`, `weekly:mon,wed,fri`, `monthly:15` (last day in shorter months) or `cron:EXPR` (5 or 6 fields)
             * @example weekly:mon,wed,fri
             */
            recurrence_rule?: string | null;
            /**
             * @description ISO 8601; without an offset it is wall-clock time in `timezone`
             * @example 2027-03-14T09:00:00
             */
            scheduled_at?: string;
            /** @enum {string} */
            send_type?: "single" | "group";
            subject?: string | null;
            /** Format: uuid */
            template_id?: string | null;
            /**
             * @description IANA time zone
             * @example Europe/Berlin
             */
            timezone?: string;
            variables?: {
                [key: string]: string;
            };
        };
        ScheduledOccurrences: {
            /** @description The next trigger times (UTC) */
            items: string[];
        };
        ScheduledOccurrencesPreview: {
            /**
             * @description How many (1 to 100, default 10)
             * @default 10
             * @example 10
             */
            count: number;
            /** @description Default: true when recurrence_rule is given */
            is_recurring?: boolean;
            /**
             * @description ISO 8601; without an offset it is wall-clock time in `timezone`
             * @example 2027-03-14T09:00:00
             */
            recurrence_end_at?: string | null;
            /**
             * @description `daily`, `weekly:mon,wed,fri`, `monthly:15` (last day in shorter months) or `cron:EXPR` (5 or 6 fields)
             * @example weekly:mon,wed,fri
             */
            recurrence_rule?: string;
            /**
             * @description ISO 8601; without an offset it is wall-clock time in `timezone`
             * @example 2027-03-14T09:00:00
             */
            scheduled_at: string;
            /**
             * @description IANA time zone; default: the account's
             * @example Europe/Berlin
             */
            timezone?: string;
        };
        ScheduledOccurrencesPreviewList: {
            /** @description The next trigger times from now (UTC) */
            items: string[];
            /** @description The zone the rule was read in (canonical IANA name) */
            timezone: string;
        };
        SessionToken: {
            access_token: string;
            /** @description Access token lifetime in seconds */
            expires_in: number;
            /** @enum {string} */
            token_type: "Bearer";
        };
        StreamTicket: {
            /** @description ISO 8601; the ticket works once, until then */
            expires_at: string;
            /** @example evt_3q2-7wKJ0yq6mZ7n0m9fV3x1aB4cD5eF */
            ticket: string;
        };
        Template: {
            /** @enum {string} */
            approval_status: "not_required" | "pending" | "approved" | "rejected";
            category: string | null;
            channel_type: string | null;
            created_at: string;
            /** Format: uuid */
            created_by_user_id: string | null;
            default_values: {
                [key: string]: string;
            };
            external_template_id: string | null;
            /** @enum {string} */
            fallback_strategy: "keep_placeholder" | "use_default" | "skip_contact";
            /** Format: uuid */
            id: string;
            language: string | null;
            message_body: string;
            name: string;
            subject: string | null;
            updated_at: string;
            /**
             * @description Upper-cased variable names used by message_body and subject; derived, read-only
             * @example [
             *       "FIRST_NAME",
             *       "CODE"
             *     ]
             */
            variables: string[];
        };
        TemplateCreate: {
            /** @enum {string} */
            approval_status?: "not_required" | "pending" | "approved" | "rejected";
            category?: string | null;
            /** @enum {string|null} */
            channel_type?: "sms" | "smpp" | "telegram" | "whatsapp" | "messenger" | "email" | "sandbox" | null;
            /**
             * @example {
             *       "FIRST_NAME": "there"
             *     }
             */
            default_values?: {
                [key: string]: string;
            };
            external_template_id?: string | null;
            /**
             * @description For a variable with no value: keep_placeholder (default) leaves it as written, use_default uses default_values (else empty), skip_contact skips the recipient
             * @enum {string}
             */
            fallback_strategy?: "keep_placeholder" | "use_default" | "skip_contact";
            /**
             * @description Required (422 without) on a whatsapp template with external_template_id: the language it was approved in, e.g. en_US
             * @example en
             */
            language?: string | null;
            /**
             * @description Text with {VARIABLE} placeholders; Handlebars {{VARIABLE}}, {{#if VARIABLE}}...{{else}}...{{/if}} and {{#unless}} over the same names (letters, digits, _), matched case-insensitively. Values, first match wins: the send's variables, the contact (NAME FIRST_NAME LAST_NAME PHONE EMAIL), the contact's attributes, ACCOUNT_NAME, SENDER_NAME (the channel's sender_name), DATE (YYYY-MM-DD) and TIME (HH:mm, 24-hour) in the schedule's or account's time zone. Values are HTML-escaped for email only. Partials, other helpers and dotted paths are refused (422).
             * @example Hi {first_name}{{#if CITY}} from {CITY}{{/if}}, your code is {CODE}.
             */
            message_body: string;
            name: string;
            /** @description Email subject; may use variables */
            subject?: string | null;
        };
        TemplateList: {
            items: components["schemas"]["Template"][];
            page: number;
            page_size: number;
            total: number;
            /** @description true when more than 10,000 rows match: `total` is then the database planner's estimate, not an exact count (extension) */
            total_is_estimate: boolean;
        };
        TemplatePreview: {
            body: string;
            /** @description Unicode code points */
            characters: number;
            /**
             * @description As an SMS; returned for every channel
             * @enum {string}
             */
            encoding: "GSM-7" | "UCS-2";
            missing_variables: string[];
            segments: number;
        };
        TemplatePreviewRequest: {
            /**
             * @description Defaults to the template's; email renders HTML-escaped values
             * @enum {string}
             */
            channel_type?: "sms" | "smpp" | "telegram" | "whatsapp" | "messenger" | "email" | "sandbox";
            /** Format: uuid */
            contact_id?: string;
            message_body?: string;
            /** Format: uuid */
            template_id?: string;
            /**
             * @description Custom values; they win over every other source
             * @example {
             *       "CODE": "1234"
             *     }
             */
            variables?: {
                [key: string]: string | number | boolean | null;
            };
        };
        TemplateUpdate: {
            /** @enum {string} */
            approval_status?: "not_required" | "pending" | "approved" | "rejected";
            category?: string | null;
            /** @enum {string|null} */
            channel_type?: "sms" | "smpp" | "telegram" | "whatsapp" | "messenger" | "email" | "sandbox" | null;
            /**
             * @example {
             *       "FIRST_NAME": "there"
             *     }
             */
            default_values?: {
                [key: string]: string;
            };
            external_template_id?: string | null;
            /**
             * @description For a variable with no value: keep_placeholder (default) leaves it as written, use_default uses default_values (else empty), skip_contact skips the recipient
             * @enum {string}
             */
            fallback_strategy?: "keep_placeholder" | "use_default" | "skip_contact";
            /**
             * @description Required (422 without) on a whatsapp template with external_template_id: the language it was approved in, e.g. en_US
             * @example en
             */
            language?: string | null;
            /**
             * @description Text with {VARIABLE} placeholders; Handlebars {{VARIABLE}}, {{#if VARIABLE}}...{{else}}...{{/if}} and {{#unless}} over the same names (letters, digits, _), matched case-insensitively. Values, first match wins: the send's variables, the contact (NAME FIRST_NAME LAST_NAME PHONE EMAIL), the contact's attributes, ACCOUNT_NAME, SENDER_NAME (the channel's sender_name), DATE (YYYY-MM-DD) and TIME (HH:mm, 24-hour) in the schedule's or account's time zone. Values are HTML-escaped for email only. Partials, other helpers and dotted paths are refused (422).
             * @example Hi {first_name}{{#if CITY}} from {CITY}{{/if}}, your code is {CODE}.
             */
            message_body?: string;
            name?: string;
            /** @description Email subject; may use variables */
            subject?: string | null;
        };
        TokenPair: {
            access_token: string;
            /** @description Access token lifetime in seconds */
            expires_in: number;
            refresh_token: string;
            /** @enum {string} */
            token_type: "Bearer";
        };
        User: {
            created_at: string;
            email: string;
            email_verified: boolean;
            /** Format: uuid */
            id: string;
            name: string | null;
            updated_at: string;
        };
        VerifyEmailInput: {
            /** @example 123456 */
            code: string;
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
        };
    };
    responses: {
        /** @description The API process is serving as many requests as it may (API_MAX_IN_FLIGHT; code `overloaded`), or the request’s database work ran past API_STATEMENT_TIMEOUT_MS (code `query_timeout`); retry after Retry-After */
        Overloaded: {
            headers: {
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Too many requests from this API key, or from this user across their sessions (token bucket, API_RATE_LIMIT_PER_SECOND and API_RATE_LIMIT_BURST unless the account sets `api_rate_limit`); code `rate_limited` */
        RateLimited: {
            headers: {
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /** @description The account to act in (a UUID). Optional for a user with one account; an API key acts in its own account. */
        AccountId: string;
    };
    requestBodies: never;
    headers: {
        /** @description The size of the caller’s token bucket: the most requests in a row */
        "RateLimit-Limit": number;
        /** @description Requests the caller may still make right now */
        "RateLimit-Remaining": number;
        /** @description Seconds until the bucket is full again */
        "RateLimit-Reset": number;
        /** @description Seconds to wait before the next request is allowed */
        "Retry-After": number;
    };
    pathItems: never;
};
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
