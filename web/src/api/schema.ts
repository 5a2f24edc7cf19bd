// Generated from docs/openapi.json by `npm run openapi`; do not edit.
/* eslint-disable */

export interface paths {
  "/healthz": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
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
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              status: "ok";
            };
          };
        };
      };
    };
  };
  "/readyz": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** The database answers */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              status: "ready";
              /** The load tier that sets the rate limits, the signals measured, and since when the tier holds */
              load?: {
                tier?: string;
                signals?: {
                  [key: string]: unknown;
                };
                since?: string;
                [key: string]: unknown;
              };
            };
          };
        };
        /** The database does not answer (database_unavailable) */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/metrics": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Prometheus metrics: with LEVQOR_METRICS_TOKEN, send it as a bearer token; without, 404 here (served on LEVQOR_METRICS_LISTEN if set) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Prometheus text exposition format */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "text/plain": string;
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/plans": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Plans, API tiers and add-ons with prices and limits (no credentials needed) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              currency: string;
              trialDays: number;
              trialDataRetentionDays: number;
              trialIncludedCalls: number;
              annualDiscountPercent: number;
              plans: ({
                id: string;
                name: string;
                currency: string;
                trialDays: number;
                priceMonthly: {
                  /** Minor units (pence, cents) */
                  amount: number;
                  display: string;
                };
                priceAnnual: {
                  /** Minor units (pence, cents) */
                  amount: number;
                  display: string;
                };
                annualPerMonth: {
                  /** Minor units (pence, cents) */
                  amount: number;
                  display: string;
                };
                annualSavings: {
                  /** Minor units (pence, cents) */
                  amount: number;
                  display: string;
                  percent: number;
                };
                /** The plan's limits (runs, API calls, workflows, members, retention…; null: unlimited) and its support answer time */
                limits: {
                  /** Workflow runs per period */
                  runsPerMonth: number;
                  /** Authenticated API calls per period (beyond them: 402 quota_exceeded) */
                  includedCalls: number;
                  activeWorkflows: number;
                  /** Members plus pending invitations */
                  members: number;
                  /** Client workspaces an agency may create */
                  clientWorkspaces: number;
                  retentionDays: number;
                  /** Whether the audit log may be exported */
                  exports: boolean;
                  /** First-response time; null: best effort */
                  supportResponseHours: number | null;
                  /** Per API key or session */
                  apiRequestsPerMinute: number;
                  /** e.g. "24 h" or "best effort" */
                  supportSla: string;
                  [key: string]: unknown;
                };
              })[];
              apiTiers: ({
                id: string;
                name: string;
                currency: string;
                priceMonthly: {
                  /** Minor units (pence, cents) */
                  amount: number;
                  display: string;
                };
                includedCalls: number;
                overagePer1000: {
                  /** Minor units (pence, cents) */
                  amount: number;
                  display: string;
                };
                overageDisplay: string;
              })[];
              addOns: ({
                id: string;
                name: string;
                currency: string;
                priceOneTime: {
                  /** Minor units (pence, cents) */
                  amount: number;
                  display: string;
                } | null;
                priceMonthly: {
                  /** Minor units (pence, cents) */
                  amount: number;
                  display: string;
                } | null;
              })[];
            };
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/usage": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** The workspace's usage this period: plan, API calls, runs, overage */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              plan?: {
                id?: string;
                name?: string;
                kind?: "trial" | "plan" | "api_tier" | "self_hosted";
              };
              period_start?: string;
              /** When the next period starts and the counts reset */
              reset_date?: string;
              /** Authenticated API calls this period (the ledger plus counts not yet flushed to it) */
              calls_used?: number;
              /** API calls included in the period (plan, trial or API tier); null when the plan sets no limit (self-hosted) */
              calls_included?: number | null;
              /** Included calls left (not below 0). Beyond them an API tier pays overage; a plan or the trial gets 402 quota_exceeded */
              calls_remaining?: number | null;
              overage_calls?: number;
              overage_cost?: {
                /** Minor units (cents, pence) */
                amount?: number;
                currency?: string;
                display?: string;
              };
              /** Workflow runs counted this period: created, or released from the quota hold (from the run records) */
              runs_used?: number;
              /** Runs left in the plan's runs per month; null when the plan sets none */
              runs_remaining?: number | null;
              /** Runs waiting in quota_exceeded; they start when the period resets or the plan changes */
              runs_held?: number;
              /** AI tokens reported by steps that finished this period */
              tokens_used?: number;
              /** Calls this period per endpoint category */
              by_endpoint?: {
                [key: string]: number;
              };
              /** The plan's limits on resources (not per period) and the current counts; beyond them new ones get 402 plan_limit. allowed is null when the plan sets none (API tiers) */
              limits?: {
                /** Active workflows */
                activeWorkflows?: {
                  allowed?: number | null;
                  current?: number;
                };
                /** Members plus pending invitations */
                members?: {
                  allowed?: number | null;
                  current?: number;
                };
                /** Client workspaces of this agency */
                clientWorkspaces?: {
                  allowed?: number | null;
                  current?: number;
                };
              };
            };
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/usage/history": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** API calls, runs and steps per UTC day (oldest first, up to today), and runs and steps per workflow */
    get: {
      parameters: {
        query?: {
          days?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              from?: string;
              to?: string;
              days?: ({
                day?: string;
                calls?: number;
                runs?: number;
                steps?: number;
                tokens?: number;
              })[];
              /** Runs (counted in the window) and their steps and AI tokens per workflow, most runs first */
              by_workflow?: ({
                workflow_id?: string;
                name?: string;
                runs?: number;
                steps?: number;
                tokens?: number;
              })[];
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/billing": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** The workspace's subscription, Integrity Pack and credit balances */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              /** Whether this server has Stripe configured */
              configured?: boolean;
              /** Plan or API tier id, or 'trial' */
              plan?: string;
              subscription_status?: string | null;
              interval?: string | null;
              trial_end?: string | null;
              current_period_end?: string | null;
              period_start?: string;
              integrity_pack?: "one_time" | "monthly" | null | null;
              has_billing_account?: boolean;
              credits?: ({
                currency?: string;
                balance?: {
                  /** Minor units (pence, cents) */
                  amount?: number;
                  currency?: string;
                  display?: string;
                };
              })[];
            };
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/billing/credits": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** The workspace's credit ledger, newest first: purchases, referral rewards, credits applied to invoices */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              /** Newest first (at most 100): credits bought, referral rewards (positive), amounts applied to invoices (negative) */
              entries?: ({
                id?: string;
                kind?: "purchase" | "referral" | "invoice";
                description?: string;
                amount?: {
                  /** Minor units (pence, cents) */
                  amount?: number;
                  currency?: string;
                  display?: string;
                };
                created_at?: string;
              })[];
            };
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/billing/preview": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** The current period's invoice as it stands: plan fee, overage, add-ons, credits (per currency) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              plan?: {
                id?: string;
                name?: string;
                kind?: string;
              };
              subscription_status?: string | null;
              interval?: string | null;
              period_start?: string;
              reset_date?: string;
              usage?: {
                calls_used?: number;
                included_calls?: number | null;
                overage_calls?: number;
              };
              lines?: ({
                kind?: string;
                item?: string;
                description?: string;
                quantity?: number;
                amount?: {
                  /** Minor units (pence, cents) */
                  amount?: number;
                  currency?: string;
                  display?: string;
                };
              })[];
              /** One per currency (plans are in GBP, API tiers and add-ons in USD); never summed across currencies */
              totals?: ({
                currency?: string;
                subtotal?: {
                  /** Minor units (pence, cents) */
                  amount?: number;
                  currency?: string;
                  display?: string;
                };
                credits_applied?: {
                  /** Minor units (pence, cents) */
                  amount?: number;
                  currency?: string;
                  display?: string;
                };
                total?: {
                  /** Minor units (pence, cents) */
                  amount?: number;
                  currency?: string;
                  display?: string;
                };
              })[];
              credits?: ({
                currency?: string;
                balance?: {
                  /** Minor units (pence, cents) */
                  amount?: number;
                  currency?: string;
                  display?: string;
                };
                after_invoice?: {
                  /** Minor units (pence, cents) */
                  amount?: number;
                  currency?: string;
                  display?: string;
                };
              })[];
            };
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/billing/checkout": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Start a Stripe Checkout for a plan, an API tier or the Integrity Pack */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** A plan, API tier or add-on id from GET /api/v1/plans */
            plan: string;
            /** month (default) or year for plans; month for API tiers; month or one_time for the Integrity Pack */
            interval?: "month" | "year" | "one_time";
          };
        };
      };
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id?: string;
              /** Send the user here to pay (Stripe Checkout) */
              url?: string;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/billing/purchase-credits": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Start a Stripe Checkout to buy credits (applied to invoices) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** Minor units to buy, 100 to 1,000,000 (e.g. 2500 = 25.00) */
            amount: number;
            /** Defaults to the currency of the workspace's plan */
            currency?: "GBP" | "USD" | "EUR";
          };
        };
      };
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id?: string;
              /** Send the user here to pay (Stripe Checkout) */
              url?: string;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/billing/portal": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** A link to Stripe's customer portal (change plan, payment method, invoices, cancel) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              /** Stripe's customer portal for this workspace */
              url?: string;
            };
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/referrals": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** The workspace's referral link and the sign-ups and conversions attributed to it */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              /** The workspace's referral code (made the first time it is asked for) */
              code: string;
              /** The sign-up link to share: <public URL>/signup?ref=<code> */
              link: string;
              /** Workspaces created through the link */
              signups: number;
              /** Of those, the ones that paid an invoice */
              conversions: number;
              /** Credits earned by conversions, per currency (added to the credit balance) */
              earned: ({
                /** Minor units (pence, cents) */
                amount: number;
                currency: string;
                display: string;
              })[];
              /** What each conversion earns; null when the plans catalog sets no referralCredit */
              reward: {
                /** Minor units (pence, cents) */
                amount: number;
                currency: string;
                display: string;
              } | null;
            };
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/analytics/runs": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Run analytics of the last 7, 30 or 90 UTC days: runs per day by status, success rate, p50/p95 duration, top failing workflows */
    get: {
      parameters: {
        query?: {
          /** The window in UTC days, today included: 7, 30 or 90 */
          days?: 7 | 30 | 90;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              /** First UTC day of the window */
              from: string;
              /** Last UTC day of the window (today) */
              to: string;
              /** Every UTC day of the window, oldest first, with the runs created that day by their current status */
              days: ({
                day: string;
                total: number;
                /** Succeeded ÷ finished of the day's runs; null when none finished */
                success_rate: number | null;
                /** Run duration (start to finish) of the finished runs, interpolated percentiles in ms; null when none finished */
                duration_ms: {
                  p50: number | null;
                  p95: number | null;
                };
                /** Only statuses with runs appear */
                by_status: {
                  queued?: number;
                  running?: number;
                  waiting?: number;
                  succeeded?: number;
                  failed?: number;
                  cancelled?: number;
                  quota_exceeded?: number;
                };
              })[];
              totals: {
                runs: number;
                /** Succeeded, failed or cancelled */
                finished: number;
                succeeded: number;
                failed: number;
                cancelled: number;
              };
              /** Succeeded ÷ finished runs of the window; null when none finished */
              success_rate: number | null;
              /** Run duration (start to finish) of the finished runs, interpolated percentiles in ms; null when none finished */
              duration_ms: {
                p50: number | null;
                p95: number | null;
              };
              /** The workflows with the most failed runs in the window, most first */
              top_failing: ({
                workflow_id: string;
                name: string;
                deleted: boolean;
                failures: number;
              })[];
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/workspace/health": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** What a member may see of the service's health for this workspace: API, database, its queue, workers, scheduler and load tier */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              /** degraded when runs are not being taken, schedules are late, or the load tier is high or critical */
              status: "ok" | "degraded";
              /** What makes the status degraded, in words */
              problems?: string[];
              checked_at: string;
              api: {
                /** Always true in an answer: the API answered */
                ok: boolean;
              };
              database: {
                ok: boolean;
                /** Round trip of a trivial query */
                latency_ms: number;
              };
              /** This workspace's runs waiting for a worker */
              queue: {
                queued: number;
                oldest_queued_at: string | null;
                /** Seconds the oldest queued run has waited */
                oldest_queued_age_s: number | null;
                /** Runs held by the run quota (they start when the period resets or the plan changes) */
                held: number;
              };
              /** Workers are seen by the runs they hold leases on (of any workspace), plus this process when it runs one; an idle worker elsewhere holds none */
              workers: {
                in_this_process: boolean;
                /** Worker processes seen now */
                seen: number;
              };
              scheduler: {
                in_this_process: boolean;
                /** This workspace's active schedules whose slot is more than 2 minutes overdue */
                late_schedules: number;
                /** No schedule of this workspace is late */
                ok: boolean;
              };
              /** The load tier of the process that answered (it sets the rate limits) */
              load: {
                tier: "low" | "medium" | "high" | "critical";
                since: string;
              };
            };
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/workflows": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** List workflows, newest first, each with its last run and recent success rate */
    get: {
      parameters: {
        query?: {
          /** Page size */
          limit?: number;
          /** nextCursor from the previous page */
          cursor?: string;
          /** Only workflows whose name contains this text (any case) */
          q?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              items: ({
                id: string;
                workspaceId: string;
                name: string;
                version: number;
                active: boolean;
                triggerType: string;
                hookPath: string | null;
                hookUrl: string | null;
                scheduleNextAt: string | null;
                createdAt: string;
                updatedAt: string;
                /** When the newest run was created; null before the first run */
                lastRunAt: string | null;
                lastRunStatus: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled" | "quota_exceeded" | null | null;
                /** Succeeded share (0–1) of the latest finished runs (at most 100); null before a run finished */
                successRate: number | null;
                /** How many finished runs successRate is taken over */
                finishedRuns: number;
              })[];
              /** Pass as `cursor` for the next page; null on the last page */
              nextCursor: string | null;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    /** Create a workflow (version 1) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": components["schemas"]["WorkflowDefinition"];
          "application/yaml": string;
        };
      };
      responses: {
        /** Default Response */
        201: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id?: string;
              workspaceId?: string;
              name?: string;
              version?: number;
              active?: boolean;
              triggerType?: string;
              hookPath?: string | null;
              hookUrl?: string | null;
              scheduleNextAt?: string | null;
              createdAt?: string;
              updatedAt?: string;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Conflicts with the current state (for example a name or path already taken) */
        409: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Well-formed but not valid (validation_failed): error.details lists the issues */
        422: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/workflows/validate": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Validate a definition without saving it */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": components["schemas"]["WorkflowDefinition"];
          "application/yaml": string;
        };
      };
      responses: {
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Well-formed but not valid (validation_failed): error.details lists the issues */
        422: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/workflows/{id}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Get a workflow with its current definition */
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
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              workspaceId: string;
              name: string;
              version: number;
              active: boolean;
              triggerType: string;
              hookPath: string | null;
              hookUrl: string | null;
              scheduleNextAt: string | null;
              createdAt: string;
              updatedAt: string;
              definition?: {
                [key: string]: unknown;
              };
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    /** Save a new version of a workflow */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": components["schemas"]["WorkflowDefinition"];
          "application/yaml": string;
        };
      };
      responses: {
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Conflicts with the current state (for example a name or path already taken) */
        409: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Well-formed but not valid (validation_failed): error.details lists the issues */
        422: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    /** Delete a workflow (its run history is kept) */
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
        /** Deleted */
        204: {
          headers: { [name: string]: unknown };
          content?: never;
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/workflows/{id}/activate": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Activate: start listening to its trigger */
    post: {
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
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              workspaceId: string;
              name: string;
              version: number;
              active: boolean;
              triggerType: string;
              hookPath: string | null;
              hookUrl: string | null;
              scheduleNextAt: string | null;
              createdAt: string;
              updatedAt: string;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Conflicts with the current state (for example a name or path already taken) */
        409: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/workflows/{id}/deactivate": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Deactivate: stop listening to its trigger */
    post: {
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
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              workspaceId: string;
              name: string;
              version: number;
              active: boolean;
              triggerType: string;
              hookPath: string | null;
              hookUrl: string | null;
              scheduleNextAt: string | null;
              createdAt: string;
              updatedAt: string;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/workflows/{id}/versions": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** List the versions of a workflow, newest first */
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
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/workflows/{id}/versions/{version}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Get one version with its definition and original text */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
          version: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/workflows/{id}/run": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Run a workflow now (active or not) with the body as input */
    post: {
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
        /** Default Response */
        202: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              runId?: string;
              status?: "quota_exceeded";
              message?: string;
              reset_date?: string;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/workflows/{id}/webhook-refusals": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** The last 100 webhook requests refused by the trigger's verify block, newest first (reason and source, never the body) */
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
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              items: ({
                at: string;
                /** ip_not_allowed, missing_header, malformed_header, token_mismatch, credentials_mismatch, signature_mismatch, timestamp_outside_tolerance or secret_missing */
                reason: string;
                /** The header concerned, when one is */
                header: string | null;
                method: string;
                source_ip: string;
                /** The workflow version whose verify block refused it */
                version: number;
              })[];
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/auth/signup": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Create an account and its first workspace; starts a session */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            email: string;
            password: string;
            workspaceName: string;
            /** The code of a referral link (`/signup?ref=<code>`): the new workspace is attributed to the workspace that shared it. An unknown code is ignored */
            referralCode?: string;
          };
        };
      };
      responses: {
        /** Default Response */
        201: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              user: {
                id: string;
                email: string;
                name: string | null;
                emailVerified: boolean;
                createdAt?: string;
              };
              workspace: {
                id: string;
                slug: string;
                name: string;
                kind: "standard" | "agency" | "client";
                /** The agency of a client workspace */
                parentId: string | null;
                createdAt?: string;
              };
              /** Send it back in the X-CSRF-Token header of state-changing requests */
              csrfToken: string;
              verificationEmailSent: boolean;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Conflicts with the current state (for example a name or path already taken) */
        409: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/auth/login": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Sign in; sets the session cookie */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            email: string;
            password: string;
          };
        };
      };
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              user: {
                id: string;
                email: string;
                name: string | null;
                emailVerified: boolean;
                createdAt?: string;
              };
              workspaces: ({
                id: string;
                slug: string;
                name: string;
                kind: "standard" | "agency" | "client";
                /** The agency of a client workspace */
                parentSlug: string | null;
                role: "owner" | "admin" | "editor" | "viewer";
                /** Own membership, or through the agency */
                via: "member" | "agency";
              })[];
              /** Send it back in the X-CSRF-Token header of state-changing requests */
              csrfToken: string;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/auth/logout": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Sign out this session */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** No content */
        204: {
          headers: { [name: string]: unknown };
          content?: never;
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/me": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** The signed-in user, their workspaces and the current one */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              user: {
                id: string;
                email: string;
                name: string | null;
                emailVerified: boolean;
                createdAt?: string;
              };
              workspaces: ({
                id: string;
                slug: string;
                name: string;
                kind: "standard" | "agency" | "client";
                /** The agency of a client workspace */
                parentSlug: string | null;
                role: "owner" | "admin" | "editor" | "viewer";
                /** Own membership, or through the agency */
                via: "member" | "agency";
              })[];
              /** Slug of the workspace this request acts in */
              currentWorkspace: string | null;
              role: "owner" | "admin" | "editor" | "viewer" | null;
              csrfToken: string | null;
            };
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/auth/sessions": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** The signed-in user's active sessions */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              items: ({
                id: string;
                ip: string | null;
                userAgent: string | null;
                createdAt: string;
                lastSeenAt: string;
                expiresAt: string;
                /** The session of this request */
                current: boolean;
              })[];
              nextCursor: string | null;
            };
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/auth/sessions/{id}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Revoke one of your sessions */
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
        /** No content */
        204: {
          headers: { [name: string]: unknown };
          content?: never;
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/auth/verify-email": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Confirm an email address with the token from the email */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            token: string;
          };
        };
      };
      responses: {
        /** No content */
        204: {
          headers: { [name: string]: unknown };
          content?: never;
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/auth/verify-email/resend": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Send the verification email again */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              /** False when the address is verified already */
              sent: boolean;
            };
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/auth/password-reset": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Email a single-use password reset link (always answers 202) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            email: string;
          };
        };
      };
      responses: {
        /** Default Response */
        202: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              message: string;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/auth/password-reset/confirm": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Set a new password with the reset token; signs out every session */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            token: string;
            password: string;
          };
        };
      };
      responses: {
        /** No content */
        204: {
          headers: { [name: string]: unknown };
          content?: never;
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/workspaces": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Workspaces you can act in (an API key: its own, with the role it acts as) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              items: ({
                id: string;
                slug: string;
                name: string;
                kind: "standard" | "agency" | "client";
                /** The agency of a client workspace */
                parentSlug: string | null;
                role: "owner" | "admin" | "editor" | "viewer";
                /** Own membership, through the agency, or the API key */
                via: "member" | "agency" | "api_key";
              })[];
              nextCursor: string | null;
            };
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    /** Create a workspace; kind "client" creates it inside the agency named by Levqor-Workspace */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name: string;
            slug?: string;
            kind?: "standard" | "agency" | "client";
          };
        };
      };
      responses: {
        /** Default Response */
        201: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              slug: string;
              name: string;
              kind: "standard" | "agency" | "client";
              /** The agency of a client workspace */
              parentId: string | null;
              createdAt?: string;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Conflicts with the current state (for example a name or path already taken) */
        409: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/workspace": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** The workspace this request acts in */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              slug: string;
              name: string;
              kind: "standard" | "agency" | "client";
              /** The agency of a client workspace */
              parentId: string | null;
              createdAt?: string;
            };
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    /** Change the workspace's settings */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name?: string;
          };
        };
      };
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              slug: string;
              name: string;
              kind: "standard" | "agency" | "client";
              /** The agency of a client workspace */
              parentId: string | null;
              createdAt?: string;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/members": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Members of the workspace and their roles */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              items: ({
                userId: string;
                email: string;
                name: string | null;
                role: "owner" | "admin" | "editor" | "viewer";
                joinedAt: string;
              })[];
              nextCursor: string | null;
            };
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/members/{userId}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Remove a member */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          userId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** No content */
        204: {
          headers: { [name: string]: unknown };
          content?: never;
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Conflicts with the current state (for example a name or path already taken) */
        409: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    /** Change a member's role */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          userId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            role: "owner" | "admin" | "editor" | "viewer";
          };
        };
      };
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              userId: string;
              role: "owner" | "admin" | "editor" | "viewer";
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Conflicts with the current state (for example a name or path already taken) */
        409: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/invitations": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Pending and accepted invitations */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              items: ({
                id: string;
                email: string;
                role: "owner" | "admin" | "editor" | "viewer";
                createdAt: string;
                expiresAt: string;
                acceptedAt: string | null;
              })[];
              nextCursor: string | null;
            };
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    /** Invite someone by email with a role */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            email: string;
            role: "owner" | "admin" | "editor" | "viewer";
          };
        };
      };
      responses: {
        /** Default Response */
        201: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              email: string;
              role: "owner" | "admin" | "editor" | "viewer";
              createdAt: string;
              expiresAt: string;
              acceptedAt: string | null;
              emailSent: boolean;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/invitations/{id}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Revoke a pending invitation */
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
        /** No content */
        204: {
          headers: { [name: string]: unknown };
          content?: never;
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/invitations/accept": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Accept an invitation sent to your email */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            token: string;
          };
        };
      };
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              workspace: {
                id: string;
                slug: string;
                name: string;
              };
              role: "owner" | "admin" | "editor" | "viewer";
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/api-keys": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Live API keys of the workspace (never their secret) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              items: ({
                id: string;
                name: string;
                /** The first characters of the key, to recognise it */
                prefix: string;
                scopes: string[];
                createdAt: string;
                expiresAt: string | null;
                lastUsedAt: string | null;
                /** The member whose role caps the key */
                createdBy: string | null;
              })[];
              nextCursor: string | null;
            };
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    /** Create an API key; the key is in this answer only */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name: string;
            scopes: ("read" | "write" | "admin")[];
            expiresAt?: string;
          };
        };
      };
      responses: {
        /** Default Response */
        201: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              name: string;
              /** The first characters of the key, to recognise it */
              prefix: string;
              scopes: string[];
              createdAt: string;
              expiresAt: string | null;
              lastUsedAt: string | null;
              /** The member whose role caps the key */
              createdBy: string | null;
              /** The key itself: shown this once */
              key: string;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/api-keys/{id}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Revoke an API key */
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
        /** No content */
        204: {
          headers: { [name: string]: unknown };
          content?: never;
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/audit": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Audit events of the workspace, newest first */
    get: {
      parameters: {
        query?: {
          /** Page size */
          limit?: number;
          /** nextCursor from the previous page */
          cursor?: string;
          /** e.g. auth.login, member.role_change, api_key.create */
          action?: string;
          actorId?: string;
          targetId?: string;
          since?: string;
          until?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              items: ({
                id: string;
                workspaceId: string | null;
                actor: {
                  type: string;
                  id: string | null;
                  label: string | null;
                };
                action: string;
                target: {
                  type: string;
                  id: string;
                } | null;
                ip: string | null;
                userAgent: string | null;
                /** What the action changed; its shape depends on the action */
                details: unknown;
                createdAt: string;
              })[];
              nextCursor: string | null;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/secrets": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** List the workspace's secrets by name (names and dates only; values are never returned) */
    get: {
      parameters: {
        query?: {
          /** Page size */
          limit?: number;
          /** nextCursor from the previous page */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              items: ({
                name: string;
                createdAt: string;
                updatedAt: string;
              })[];
              nextCursor: string | null;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/secrets/{name}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Create (201) or replace (200) a secret; workflows read it as {{ secrets.NAME }} */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** Upper-case letters, digits and _, starting with a letter; at most 64 (e.g. API_TOKEN) */
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** The secret value (at most 64 KB); it is never returned */
            value: string;
          };
        };
      };
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              name: string;
              createdAt: string;
              updatedAt: string;
            };
          };
        };
        /** Default Response */
        201: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              name: string;
              createdAt: string;
              updatedAt: string;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    /** Delete a secret (runs that use it fail to resolve it) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** Upper-case letters, digits and _, starting with a letter; at most 64 (e.g. API_TOKEN) */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** No content */
        204: {
          headers: { [name: string]: unknown };
          content?: never;
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/tables": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** List the workspace's data tables by name */
    get: {
      parameters: {
        query?: {
          /** Page size */
          limit?: number;
          /** nextCursor from the previous page */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              items: ({
                id: string;
                name: string;
                columns: ({
                  /** Letters, digits and _, starting with a letter; at most 63 */
                  name: string;
                  type: "text" | "number" | "boolean" | "date" | "json";
                  required: boolean;
                  /** Not for json columns */
                  unique: boolean;
                })[];
                version: number;
                rowCount?: number;
                createdAt: string;
                updatedAt: string;
              })[];
              nextCursor: string | null;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    /** Create a data table with its columns */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** Table name: lower-case letters, digits and _, starting with a letter */
            name: string;
            columns: ({
              /** Letters, digits and _, starting with a letter; at most 63 */
              name?: string;
              type?: "text" | "number" | "boolean" | "date" | "json";
              required?: boolean;
              /** Not for json columns */
              unique?: boolean;
            })[];
          };
        };
      };
      responses: {
        /** Default Response */
        201: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              name: string;
              columns: ({
                /** Letters, digits and _, starting with a letter; at most 63 */
                name: string;
                type: "text" | "number" | "boolean" | "date" | "json";
                required: boolean;
                /** Not for json columns */
                unique: boolean;
              })[];
              version: number;
              rowCount?: number;
              createdAt: string;
              updatedAt: string;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Conflicts with the current state (for example a name or path already taken) */
        409: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Well-formed but not valid (validation_failed): error.details lists the issues */
        422: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/tables/{name}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Get a table's schema and row count */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** Table name: lower-case letters, digits and _, starting with a letter */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              name: string;
              columns: ({
                /** Letters, digits and _, starting with a letter; at most 63 */
                name: string;
                type: "text" | "number" | "boolean" | "date" | "json";
                required: boolean;
                /** Not for json columns */
                unique: boolean;
              })[];
              version: number;
              rowCount?: number;
              createdAt: string;
              updatedAt: string;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    /** Delete a table and all its rows */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** Table name: lower-case letters, digits and _, starting with a letter */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** No content */
        204: {
          headers: { [name: string]: unknown };
          content?: never;
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    /** Change a table's schema: add columns at once; dropping or retyping a column needs "confirm": "<table name>" */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** Table name: lower-case letters, digits and _, starting with a letter */
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            addColumns?: ({
              /** Letters, digits and _, starting with a letter; at most 63 */
              name?: string;
              type?: "text" | "number" | "boolean" | "date" | "json";
              required?: boolean;
              /** Not for json columns */
              unique?: boolean;
            })[];
            dropColumns?: string[];
            /** name plus the type, required or unique to change */
            changeColumns?: ({
              /** Letters, digits and _, starting with a letter; at most 63 */
              name?: string;
              type?: "text" | "number" | "boolean" | "date" | "json";
              required?: boolean;
              /** Not for json columns */
              unique?: boolean;
            })[];
            /** The table name, to confirm a destructive change (drop or retype) */
            confirm?: string;
          };
        };
      };
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              name: string;
              columns: ({
                /** Letters, digits and _, starting with a letter; at most 63 */
                name: string;
                type: "text" | "number" | "boolean" | "date" | "json";
                required: boolean;
                /** Not for json columns */
                unique: boolean;
              })[];
              version: number;
              rowCount?: number;
              createdAt: string;
              updatedAt: string;
              /** What changed: columns added, dropped, retyped; rows converted */
              changes?: {
                [key: string]: unknown;
              };
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Conflicts with the current state (for example a name or path already taken) */
        409: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Well-formed but not valid (validation_failed): error.details lists the issues */
        422: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/tables/{name}/rows": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Query rows: filter[col]=v or filter[col][op]=v (eq, ne, gt, gte, lt, lte, contains, in), sort, cursor pagination */
    get: {
      parameters: {
        query?: {
          /** Page size (at most 1000) */
          limit?: number;
          /** nextCursor from the previous page (same filters and sort) */
          cursor?: string;
          /** A column, createdAt or updatedAt; prefix - for descending (default -createdAt) */
          sort?: string;
        };
        header?: never;
        path: {
          /** Table name: lower-case letters, digits and _, starting with a letter */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              items: ({
                id: string;
                data: {
                  [key: string]: unknown;
                };
                createdAt: string;
                updatedAt: string;
                created?: boolean;
              })[];
              nextCursor: string | null;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    /** Insert a row (validated against the table's columns) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** Table name: lower-case letters, digits and _, starting with a letter */
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** Column values; null clears a value on update */
            data: {
              [key: string]: unknown;
            };
          };
        };
      };
      responses: {
        /** Default Response */
        201: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              data: {
                [key: string]: unknown;
              };
              createdAt: string;
              updatedAt: string;
              created?: boolean;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Conflicts with the current state (for example a name or path already taken) */
        409: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Well-formed but not valid (validation_failed): error.details lists the issues */
        422: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/tables/{name}/rows/upsert": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Update the row whose unique column `key` equals data[key] (merging data), or insert it: 201 created, 200 updated */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** Table name: lower-case letters, digits and _, starting with a letter */
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** A unique column */
            key: string;
            /** Column values; null clears a value on update */
            data: {
              [key: string]: unknown;
            };
          };
        };
      };
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              data: {
                [key: string]: unknown;
              };
              createdAt: string;
              updatedAt: string;
              created?: boolean;
            };
          };
        };
        /** Default Response */
        201: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              data: {
                [key: string]: unknown;
              };
              createdAt: string;
              updatedAt: string;
              created?: boolean;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Conflicts with the current state (for example a name or path already taken) */
        409: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Well-formed but not valid (validation_failed): error.details lists the issues */
        422: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/tables/{name}/rows/{id}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Get a row */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** Table name: lower-case letters, digits and _, starting with a letter */
          name: string;
          /** Row id */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              data: {
                [key: string]: unknown;
              };
              createdAt: string;
              updatedAt: string;
              created?: boolean;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    /** Delete a row */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** Table name: lower-case letters, digits and _, starting with a letter */
          name: string;
          /** Row id */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** No content */
        204: {
          headers: { [name: string]: unknown };
          content?: never;
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    /** Update a row: data is merged (null clears a value) and the result validated */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** Table name: lower-case letters, digits and _, starting with a letter */
          name: string;
          /** Row id */
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** Column values; null clears a value on update */
            data: {
              [key: string]: unknown;
            };
          };
        };
      };
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              data: {
                [key: string]: unknown;
              };
              createdAt: string;
              updatedAt: string;
              created?: boolean;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Conflicts with the current state (for example a name or path already taken) */
        409: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Well-formed but not valid (validation_failed): error.details lists the issues */
        422: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/templates": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** The built-in template catalog, by id (no credentials needed) */
    get: {
      parameters: {
        query?: {
          category?: "lead_capture" | "customer_support" | "reporting" | "data_sync" | "notifications" | "sales_automation";
          tag?: string;
          /** Free text: every word must appear in the id, name, description or tags */
          q?: string;
          limit?: number;
          /** nextCursor from the previous page */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              items: ({
                id: string;
                name: string;
                category: string;
                tags: string[];
                /** Plain text with Markdown-style `code` marks */
                description: string;
                /** The trigger type: webhook, form, schedule or manual */
                trigger: string;
                /** The step types the workflow uses, in order of first use */
                stepTypes: string[];
                inputs: {
                  vars: ({
                    name: string;
                    description: string;
                    required: boolean;
                    /** Used when no value is given (any JSON value) */
                    default?: unknown;
                    /** An example value (any JSON value) */
                    example?: unknown;
                  })[];
                  secrets: ({
                    name: string;
                    description: string;
                  })[];
                };
                installs: number;
              })[];
              nextCursor: string | null;
            };
          };
        };
      };
    };
  };
  "/api/templates/{id}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** One template: inputs, data tables, workflow definition and diagram (nodes and edges) */
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
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              name: string;
              category: string;
              tags: string[];
              /** Plain text with Markdown-style `code` marks */
              description: string;
              /** The trigger type: webhook, form, schedule or manual */
              trigger: string;
              /** The step types the workflow uses, in order of first use */
              stepTypes: string[];
              inputs: {
                vars: ({
                  name: string;
                  description: string;
                  required: boolean;
                  /** Used when no value is given (any JSON value) */
                  default?: unknown;
                  /** An example value (any JSON value) */
                  example?: unknown;
                })[];
                secrets: ({
                  name: string;
                  description: string;
                })[];
              };
              installs: number;
              tables: ({
                name: string;
                description?: string;
                columns: ({
                  [key: string]: unknown;
                })[];
              })[];
              /** The workflow definition install saves */
              definition: {
                [key: string]: unknown;
              };
              diagram: {
                nodes: ({
                  id: string;
                  /** `trigger`, or the step type */
                  kind: string;
                  label: string;
                  /** The for-each step whose block holds this step */
                  parent?: string;
                })[];
                edges: ({
                  from: string;
                  to: string;
                  /** A branch condition, `default`, `next` or `each item`; absent when falling through */
                  label?: string;
                })[];
              };
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/templates/{id}/install": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Install a template as an inactive workflow of the workspace */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** Values of the template's vars (required ones must be given) */
            vars?: Record<string, unknown>;
            /** Use another workspace secret for a declared one: { "CRM_TOKEN": "ACME_CRM_TOKEN" } */
            secrets?: {
              [key: string]: string;
            };
            /** Webhook/form path instead of the template's */
            path?: string;
            name?: string;
          };
        };
      };
      responses: {
        /** Default Response */
        201: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              templateId: string;
              workflow: {
                id?: string;
                workspaceId?: string;
                name?: string;
                version?: number;
                active?: boolean;
                triggerType?: string;
                hookPath?: string | null;
                hookUrl?: string | null;
                scheduleNextAt?: string | null;
                createdAt?: string;
                updatedAt?: string;
              };
              definition: {
                [key: string]: unknown;
              };
              tables: {
                created: string[];
                reused: string[];
              };
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Conflicts with the current state (for example a name or path already taken) */
        409: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Well-formed but not valid (validation_failed): error.details lists the issues */
        422: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/packs": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** The packs on offer, with prices (no credentials needed) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              items: ({
                id: string;
                name: string;
                description: string;
                version: string;
                price: {
                  /** Minor units (cents); 0 is free */
                  amount: number;
                  currency: string;
                  /** e.g. "99.00 USD" or "free" */
                  display: string;
                };
                tags: string[];
                checksum: string | null;
                /** Ids of the workflows it creates */
                workflows: string[];
                /** Names of the data tables it creates */
                tables: string[];
                /** "METHOD path" of the webhooks it creates */
                endpoints: string[];
                variables: ({
                  name: string;
                  description?: string;
                  required: boolean;
                  /** Used when the importer gives no value */
                  default?: unknown;
                })[];
              })[];
            };
          };
        };
      };
    };
  };
  "/api/packs/{id}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** One pack: metadata, price, what it creates */
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
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              name: string;
              description: string;
              version: string;
              price: {
                /** Minor units (cents); 0 is free */
                amount: number;
                currency: string;
                /** e.g. "99.00 USD" or "free" */
                display: string;
              };
              tags: string[];
              checksum: string | null;
              /** Ids of the workflows it creates */
              workflows: string[];
              /** Names of the data tables it creates */
              tables: string[];
              /** "METHOD path" of the webhooks it creates */
              endpoints: string[];
              variables: ({
                name: string;
                description?: string;
                required: boolean;
                /** Used when the importer gives no value */
                default?: unknown;
              })[];
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/packs/entitlements": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** The paid packs this workspace may import (granted or bought) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              items: ({
                pack_id: string;
                source: "grant" | "purchase";
                granted_by: string | null;
                created_at: string;
              })[];
            };
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/packs/{id}/download-link": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** A signed link to download the pack file, valid for a short time; paid packs need an entitlement */
    post: {
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
        /** Default Response */
        201: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              /** GET it without credentials before it expires */
              url: string;
              expires_at: string;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/packs/{id}/checkout": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Start a Stripe Checkout to buy a paid pack; the pack is granted when Stripe reports it paid */
    post: {
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
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id?: string;
              /** Send the user here to pay (Stripe Checkout) */
              url?: string;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Conflicts with the current state (for example a name or path already taken) */
        409: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/packs/{id}/download": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Download a pack file through a signed link (from POST /api/v1/packs/{id}/download-link) */
    get: {
      parameters: {
        query?: {
          version?: string;
          workspace?: string;
          expires?: string;
          signature?: string;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** The pack file */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/yaml": string;
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Gone: the link expired, or what it pointed to was replaced or deleted */
        410: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/packs/import": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Import a pack (YAML text or https URL) into the workspace in one transaction; dry_run returns the plan only */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** https URL of the pack (http://localhost only with LEVQOR_PACK_IMPORT_ALLOW_HTTP_LOCALHOST) */
            url?: string;
            /** The pack YAML text itself (instead of url) */
            pack?: string;
            /** Values of the pack's variables: { "jobApiUrl": "https://jobs.example.com" } */
            variables?: {
              [key: string]: unknown;
            };
            /** Only compute and return the plan; nothing is changed */
            dry_run?: boolean;
            /** Activate the imported workflows (their endpoints answer only when active) */
            activate?: boolean;
            /** Values of secrets the pack's workflows read, set in the import's transaction: { "JOB_API_TOKEN": "…" }. Needs the permission of PUT /api/v1/secrets; values are never returned or recorded */
            secrets?: {
              [key: string]: string;
            };
            /** Replace secrets the workspace already has (otherwise they are kept) */
            overwrite_secrets?: boolean;
          };
        };
      };
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              dryRun?: boolean;
              importId?: string | null;
              plan?: {
                pack?: {
                  id?: string;
                  name?: string;
                  version?: string;
                  checksum?: string;
                };
                workspace?: {
                  id?: string;
                  slug?: string;
                };
                variables?: {
                  [key: string]: unknown;
                };
                tables?: ({
                  name?: string;
                  action?: "create" | "add_columns" | "unchanged";
                  columns?: ({
                    name?: string;
                    type?: string;
                    required?: boolean;
                    unique?: boolean;
                  })[];
                })[];
                workflows?: ({
                  id?: string;
                  name?: string;
                  action?: "create" | "update" | "unchanged";
                  workflowId?: string | null;
                  matchedBy?: "pack" | "name" | null | null;
                  fromVersion?: number | null;
                  toVersion?: number;
                  hookPath?: string | null;
                  /** Set when an update replaces a definition the pack did not write (edited since the last import, or a same-named workflow); earlier versions stay in the workflow's history */
                  replaces?: {
                    reason?: "edited_since_import" | "not_from_this_pack";
                    importedVersion?: number;
                  } | null;
                  active?: boolean;
                })[];
                endpoints?: ({
                  workflow?: string;
                  method?: string;
                  path?: string;
                  url?: string;
                })[];
                /** Each secret the workflows read (never its value): present or missing, or, when a value was given, create, replace or kept */
                secrets?: ({
                  name?: string;
                  present?: boolean;
                  status?: "present" | "missing" | "create" | "replace" | "kept";
                })[];
              };
              /** Pack workflow id → workspace workflow id */
              workflowIds?: {
                [key: string]: string;
              };
              /** Names of the secrets created or replaced */
              secretsSet?: string[];
              checks?: {
                workflows?: ({
                  id?: string;
                  workflowId?: string;
                  version?: number;
                  valid?: boolean;
                  errors?: string[];
                })[];
                endpoints?: ({
                  workflow?: string;
                  method?: string;
                  url?: string;
                  result?: "reachable" | "not_found" | "unreachable" | "skipped";
                  detail?: string;
                })[];
              };
            };
          };
        };
        /** Default Response */
        201: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              dryRun?: boolean;
              importId?: string | null;
              plan?: {
                pack?: {
                  id?: string;
                  name?: string;
                  version?: string;
                  checksum?: string;
                };
                workspace?: {
                  id?: string;
                  slug?: string;
                };
                variables?: {
                  [key: string]: unknown;
                };
                tables?: ({
                  name?: string;
                  action?: "create" | "add_columns" | "unchanged";
                  columns?: ({
                    name?: string;
                    type?: string;
                    required?: boolean;
                    unique?: boolean;
                  })[];
                })[];
                workflows?: ({
                  id?: string;
                  name?: string;
                  action?: "create" | "update" | "unchanged";
                  workflowId?: string | null;
                  matchedBy?: "pack" | "name" | null | null;
                  fromVersion?: number | null;
                  toVersion?: number;
                  hookPath?: string | null;
                  /** Set when an update replaces a definition the pack did not write (edited since the last import, or a same-named workflow); earlier versions stay in the workflow's history */
                  replaces?: {
                    reason?: "edited_since_import" | "not_from_this_pack";
                    importedVersion?: number;
                  } | null;
                  active?: boolean;
                })[];
                endpoints?: ({
                  workflow?: string;
                  method?: string;
                  path?: string;
                  url?: string;
                })[];
                /** Each secret the workflows read (never its value): present or missing, or, when a value was given, create, replace or kept */
                secrets?: ({
                  name?: string;
                  present?: boolean;
                  status?: "present" | "missing" | "create" | "replace" | "kept";
                })[];
              };
              /** Pack workflow id → workspace workflow id */
              workflowIds?: {
                [key: string]: string;
              };
              /** Names of the secrets created or replaced */
              secretsSet?: string[];
              checks?: {
                workflows?: ({
                  id?: string;
                  workflowId?: string;
                  version?: number;
                  valid?: boolean;
                  errors?: string[];
                })[];
                endpoints?: ({
                  workflow?: string;
                  method?: string;
                  url?: string;
                  result?: "reachable" | "not_found" | "unreachable" | "skipped";
                  detail?: string;
                })[];
              };
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/packs/export": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** The workspace as a pack (YAML): tables, workflows, endpoints, variables; secrets only by name */
    get: {
      parameters: {
        query?: {
          /** Pack id (default: the workspace slug) */
          pack_id?: string;
          /** Pack name (default: "<workspace name> export") */
          pack_name?: string;
          /** Semantic version (default 1.0.0) */
          pack_version?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** The pack, application/yaml */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": string;
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/sso": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** The workspace's single sign-on (OpenID Connect) connection, without its client secret */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              issuer: string;
              clientId: string;
              clientSecretSet: boolean;
              defaultRole: "admin" | "editor" | "viewer";
              allowedDomains: string[];
              enabled: boolean;
              /** Register this redirect URI for the client at the identity provider */
              redirectUri: string;
              /** Where members start a sign-in (add ?redirect=/path to land elsewhere than /) */
              loginUrl: string;
              createdAt: string;
              updatedAt: string;
            };
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    /** Create (201) or replace (200) the single sign-on connection; the issuer is checked by discovery */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** Issuer URL of the OpenID Connect provider (https:) */
            issuer: string;
            clientId: string;
            /** Required the first time; left out, the stored one is kept. Stored encrypted, never returned */
            clientSecret?: string;
            /** Role of people who join through single sign-on */
            defaultRole: "admin" | "editor" | "viewer";
            /** Email domains admitted; empty or absent admits every domain */
            allowedDomains?: string[];
            enabled: boolean;
          };
        };
      };
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              issuer: string;
              clientId: string;
              clientSecretSet: boolean;
              defaultRole: "admin" | "editor" | "viewer";
              allowedDomains: string[];
              enabled: boolean;
              /** Register this redirect URI for the client at the identity provider */
              redirectUri: string;
              /** Where members start a sign-in (add ?redirect=/path to land elsewhere than /) */
              loginUrl: string;
              createdAt: string;
              updatedAt: string;
            };
          };
        };
        /** Default Response */
        201: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              issuer: string;
              clientId: string;
              clientSecretSet: boolean;
              defaultRole: "admin" | "editor" | "viewer";
              allowedDomains: string[];
              enabled: boolean;
              /** Register this redirect URI for the client at the identity provider */
              redirectUri: string;
              /** Where members start a sign-in (add ?redirect=/path to land elsewhere than /) */
              loginUrl: string;
              createdAt: string;
              updatedAt: string;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The content type is not accepted here (unsupported_media_type) */
        415: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Well-formed but not valid (validation_failed): error.details lists the issues */
        422: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    /** Remove the single sign-on connection and its client secret (members keep their accounts and roles) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** No content */
        204: {
          headers: { [name: string]: unknown };
          content?: never;
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/auth/sso/{workspace}/start": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Start a sign-in with the workspace's identity provider (302 to the provider; a refusal to a browser page navigation is a 302 to /sso/complete?error=&message=) */
    get: {
      parameters: {
        query?: {
          /** A path on this site to land on after sign-in */
          redirect?: string;
        };
        header?: never;
        path: {
          workspace: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** To the identity provider's sign-in page */
        302: {
          headers: { [name: string]: unknown };
          content?: never;
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/auth/sso/callback": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** The identity provider's redirect back: completes the sign-in, sets the session cookies, 302 to the path given at start (a refusal to a browser page navigation: 302 to /sso/complete?error=&message=) */
    get: {
      parameters: {
        query?: {
          state?: string;
          code?: string;
          error?: string;
          error_description?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Signed in: to the path given at start (or back to sign-in with an error) */
        302: {
          headers: { [name: string]: unknown };
          content?: never;
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/runs/export": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Download the run history as JSON Lines or CSV, newest first (at most 100,000 runs per request; plans with exports) */
    get: {
      parameters: {
        query?: {
          /** JSON Lines (one object per line, as the list API shows it) or CSV (summary columns) */
          format?: "jsonl" | "csv";
          /** Oldest createdAt included */
          since?: string;
          /** Only rows created at or before this instant. To continue an export, pass the last row's createdAt: rows of that instant come again (ids are unique) */
          until?: string;
          workflowId?: string;
          status?: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled" | "quota_exceeded";
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** One run per line (format=jsonl) or per CSV row (format=csv) */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/x-ndjson": string;
            "text/csv": string;
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/audit/export": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Download the audit log as JSON Lines or CSV, newest first (at most 100,000 events per request; plans with exports) */
    get: {
      parameters: {
        query?: {
          /** JSON Lines (one object per line, as the list API shows it) or CSV (summary columns) */
          format?: "jsonl" | "csv";
          /** Oldest createdAt included */
          since?: string;
          /** Only rows created at or before this instant. To continue an export, pass the last row's createdAt: rows of that instant come again (ids are unique) */
          until?: string;
          action?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** One audit event per line (format=jsonl) or per CSV row (format=csv) */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/x-ndjson": string;
            "text/csv": string;
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/runs": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** List runs, newest first */
    get: {
      parameters: {
        query?: {
          /** Page size */
          limit?: number;
          /** nextCursor from the previous page */
          cursor?: string;
          workflowId?: string;
          status?: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled" | "quota_exceeded";
          /** Only runs moved to the dead-letter state (true) or not (false) */
          deadLetter?: boolean;
          /** Only runs created at or after this time */
          since?: string;
          /** Only runs created before this time */
          until?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              items: ({
                id: string;
                workflowId: string;
                workflowVersion: number;
                status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled" | "quota_exceeded";
                trigger?: unknown;
                output?: unknown;
                error?: unknown;
                deadLetter: boolean;
                cancelRequested?: boolean;
                attempts: number;
                wakeAt?: string | null;
                createdAt: string;
                startedAt: string | null;
                finishedAt: string | null;
                heldAt?: string | null;
                [key: string]: unknown;
              })[];
              /** Pass as `cursor` for the next page; null on the last page */
              nextCursor: string | null;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/runs/{id}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** A run with every step: input, output, error, attempts, timings */
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
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              id: string;
              workflowId: string;
              workflowVersion: number;
              status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled" | "quota_exceeded";
              trigger?: unknown;
              output?: unknown;
              error?: unknown;
              deadLetter: boolean;
              cancelRequested?: boolean;
              attempts: number;
              wakeAt?: string | null;
              createdAt: string;
              startedAt: string | null;
              finishedAt: string | null;
              heldAt?: string | null;
              /** Why a held run waits and what releases it */
              message?: string;
              steps: ({
                key: string;
                stepId: string;
                type: string;
                seq: number;
                status: "succeeded" | "failed" | "retrying";
                input?: unknown;
                output?: unknown;
                error?: unknown;
                attempts: number;
                next: string | null;
                startedAt: string;
                finishedAt: string;
                durationMs: number;
                tokens?: number;
                [key: string]: unknown;
              })[];
              [key: string]: unknown;
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/runs/{id}/cancel": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Cancel a run (queued, waiting, held or running); a running step is aborted */
    post: {
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
        /** Default Response */
        202: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              runId: string;
              status: "queued" | "cancelling" | "cancelled";
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Conflicts with the current state (for example a name or path already taken) */
        409: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/runs/{id}/retry": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Retry a failed or cancelled run from the step that stopped it */
    post: {
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
        /** Default Response */
        202: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              runId: string;
              status: "queued" | "cancelling" | "cancelled";
            };
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Conflicts with the current state (for example a name or path already taken) */
        409: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/events": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Live run and step events of the workspace (server-sent events) */
    get: {
      parameters: {
        query?: {
          /** The workspace slug, for sessions that cannot send the Levqor-Workspace header (a browser EventSource) */
          workspace?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Server-sent events: `event: <name>` and `data: <JSON>` per event, comment lines as heartbeats */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "text/event-stream": string;
          };
        };
        /** The request is invalid (validation_failed, invalid_json, invalid_cursor): error.details names the field */
        400: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** No valid credentials: a missing, revoked or expired API key or session (unauthorized) */
        401: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Signed in, but not allowed: forbidden, csrf_failed, user_required or no_workspace */
        403: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/api/v1/billing/stripe/webhook": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Stripe webhook endpoint (signed by Stripe; each event is applied once) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Default Response */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              received?: boolean;
              eventId?: string;
              outcome?: "processed" | "duplicate" | "ignored";
            };
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "4XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Default Response */
        "5XX": {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
  "/hooks/{workspace}/{path}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    /** Trigger a workflow by webhook or form */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** Workspace slug */
          workspace: string;
          /** The trigger's path; may contain / */
          path: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** A sync webhook's answer: the workflow's response step, or the run's output */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": unknown;
          };
        };
        /** Accepted: the run is queued (or held by the run quota) */
        202: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              runId?: string;
              status?: string;
              [key: string]: unknown;
            };
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The trigger does not accept this method (method_not_allowed) */
        405: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Conflicts with the current state (for example a name or path already taken) */
        409: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The sync run failed (run_failed) */
        500: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The sync run did not answer in time (sync_timeout); it continues */
        504: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
    /** Trigger a workflow by webhook or form */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** Workspace slug */
          workspace: string;
          /** The trigger's path; may contain / */
          path: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** A sync webhook's answer: the workflow's response step, or the run's output */
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": unknown;
          };
        };
        /** Accepted: the run is queued (or held by the run quota) */
        202: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              runId?: string;
              status?: string;
              [key: string]: unknown;
            };
          };
        };
        /** The plan does not allow it (plan_limit) or its included quota is used up (quota_exceeded) */
        402: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Not found (not_found), or not in this workspace */
        404: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The trigger does not accept this method (method_not_allowed) */
        405: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Conflicts with the current state (for example a name or path already taken) */
        409: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The body is larger than the limit (payload_too_large) */
        413: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** Rate limited (rate_limited): wait for the Retry-After header */
        429: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The sync run failed (run_failed) */
        500: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The database does not answer or the server sheds load; retry after Retry-After */
        503: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
        /** The sync run did not answer in time (sync_timeout); it continues */
        504: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": components["schemas"]["Error"];
          };
        };
      };
    };
  };
}

export interface components {
  schemas: {
    Error: {
      error?: {
        code: string;
        message: string;
        details?: unknown;
      };
    };
    WorkflowDefinition: {
      name: string;
      description?: string;
      trigger: ({
        type: "webhook";
        path: string;
        respond?: "sync" | "async";
        methods?: ("POST" | "GET")[];
        timeout?: (number | string);
        verify?: {
          header?: {
            name: string;
            secret: string;
          };
          hmac?: {
            preset?: "stripe" | "github" | "shopify" | "slack";
            secret: string;
            algorithm?: "sha256" | "sha1" | "sha512";
            header?: string;
            encoding?: "hex" | "base64";
            prefix?: string;
            payload?: string;
            timestampHeader?: string;
            tolerance?: (number | string);
          };
          basic?: {
            username: string;
            password: string;
          };
          ips?: string[];
        };
      } | {
        type: "form";
        path: string;
        title?: string;
        fields?: ({
          name: string;
          label?: string;
          type?: "text" | "email" | "number" | "textarea" | "checkbox";
          required?: boolean;
        })[];
        thankYou?: {
          message?: string;
          redirect?: string;
        };
      } | {
        type: "schedule";
        cron: string;
        timezone?: string;
      } | {
        type: "manual";
      });
      vars?: {
        [key: string]: unknown;
      };
      timeout?: (number | string);
      steps: ({
        id: string;
        type: string;
        name?: string;
        with?: {
          [key: string]: unknown;
        };
        next?: string;
        retry?: {
          attempts: number;
          backoff?: "fixed" | "exponential";
          initialDelay?: (number | string);
          maxDelay?: (number | string);
        };
        timeout?: (number | string);
        onError?: "fail" | "continue";
      })[];
    };
  };
}
