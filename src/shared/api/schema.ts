// Generated from the cloud's OpenAPI document by `npm run openapi:generate`: do not edit.

export interface paths {
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in
         * @description Exchanges an email address and password for an access token (valid for minutes) and a refresh token. Repeated failures for one account or one address are rate limited.
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out
         * @description Revokes a refresh token and every token rotated from it; access tokens already issued expire on their own.
         */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the signed-in account
         * @description Returns the caller’s account: id, email address, name and whether the address is verified.
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        /**
         * Delete the signed-in account
         * @description Erases the caller’s personal data and signs every session out; orders and tickets stay for the organizations’ books. An organization’s last owner must hand it over first (409).
         */
        delete: operations["deleteMe"];
        options?: never;
        head?: never;
        /**
         * Update the signed-in account
         * @description Changes the caller’s name, email address or password; changing the password needs the current one.
         */
        patch: operations["updateMe"];
        trace?: never;
    };
    "/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Request a password reset mail
         * @description Mails a single-use reset link (30 minutes) if an account has this address; the answer is the same either way.
         */
        post: operations["requestPasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password-reset/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password with a reset token
         * @description Sets the password from the token of a reset mail and logs out every session of the account.
         */
        post: operations["confirmPasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refresh the session
         * @description Exchanges a refresh token for a new access token and a new refresh token; the old refresh token stops working (rotation).
         */
        post: operations["refreshSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an account
         * @description Registers a buyer or staff account with an email address and password and signs it in: the answer holds an access token and a refresh token. A mail asks to verify the address.
         */
        post: operations["register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify an email address
         * @description Marks the address verified with the token from the verification mail.
         */
        post: operations["verifyEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/verify-email/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send the verification mail again
         * @description Sends a new verification link to the caller’s address; an address already verified is a 409.
         */
        post: operations["resendVerificationEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/edge-nodes/{nodeId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an edge node
         * @description Returns one edge node (never its token).
         */
        get: operations["getEdgeNode"];
        put?: never;
        post?: never;
        /**
         * Revoke an edge node
         * @description Revokes the node: its token is refused on every sync route from now on; the scans it uploaded stay.
         */
        delete: operations["revokeEdgeNode"];
        options?: never;
        head?: never;
        /**
         * Rename an edge node
         * @description Changes an edge node’s name.
         */
        patch: operations["updateEdgeNode"];
        trace?: never;
    };
    "/edge-nodes/{nodeId}/rotate-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate an edge node’s token
         * @description Issues a new token for the node, shown only in this answer; the old one stops working at once.
         */
        post: operations["rotateEdgeNodeToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List published events
         * @description Lists published events, soonest first, for anyone: no sign-in needed.
         */
        get: operations["listEvents"];
        put?: never;
        /**
         * Create an event
         * @description Creates an event at one of the organization’s venues as a DRAFT; publish it to sell tickets.
         */
        post: operations["createEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an event
         * @description Returns the event with its venue’s name, address and time zone. A published event is public; a draft only for its organization.
         */
        get: operations["getEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update an event
         * @description Changes an event’s name, times or doors; a cancelled event cannot change (409).
         */
        patch: operations["updateEvent"];
        trace?: never;
    };
    "/events/{eventId}/analytics/door": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tickets by state, check-in rate, occupancy and peak, entry timeline, gates and lanes (any member)
         * @description How the doors went: tickets by state, check-in rate, occupancy and its peak, the entry timeline and each gate and lane, from the scans the edges uploaded.
         */
        get: operations["getEventDoorStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}/analytics/sales": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An event’s sales per bucket, by tier and by promo code (OWNER/ADMIN)
         * @description Revenue, orders and tickets of one event per bucket, with a breakdown by tier and by promo code.
         */
        get: operations["getEventSales"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}/attendance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an event’s attendance
         * @description Returns the admissions the venue’s edge nodes uploaded for the event.
         */
        get: operations["getEventAttendance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an event
         * @description Cancels the event: its tickets are revoked (the gates hear it with the manifest) and paid orders are marked for refund.
         */
        post: operations["cancelEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}/exports/attendees.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * CSV: Every ticket with attendee, holder and check-in state (OWNER/ADMIN)
         * @description Every ticket with attendee, holder and check-in state (OWNER/ADMIN). Streamed as RFC 4180 CSV in UTF-8; the query narrows it down.
         */
        get: operations["exportEventAttendees"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}/exports/orders.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * CSV: The event’s orders with buyer, amounts and promo code (OWNER/ADMIN)
         * @description The event’s orders with buyer, amounts and promo code (OWNER/ADMIN). Streamed as RFC 4180 CSV in UTF-8; the query narrows it down.
         */
        get: operations["exportEventOrders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}/exports/refunds.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * CSV: Refunds of the event’s orders (OWNER/ADMIN)
         * @description Refunds of the event’s orders (OWNER/ADMIN). Streamed as RFC 4180 CSV in UTF-8; the query narrows it down.
         */
        get: operations["exportEventRefunds"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}/exports/scans.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * CSV: Every scan the venue’s gates uploaded for the event, in HLC order (any member)
         * @description Every scan the venue’s gates uploaded for the event, in HLC order (any member). Streamed as RFC 4180 CSV in UTF-8; the query narrows it down.
         */
        get: operations["exportEventScans"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}/gate-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an event’s gate rules
         * @description Returns the event’s re-entry policy and per-tier admission windows.
         */
        get: operations["getGateRules"];
        /**
         * Set an event’s gate rules
         * @description Replaces the re-entry policy and tier windows; the venue’s gates get them with the manifest.
         */
        put: operations["setGateRules"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List an event’s signing keys
         * @description Lists the keys that sign the event’s ticket codes, oldest first.
         */
        get: operations["listEventKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}/keys/{kid}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke a signing key
         * @description Removes a signing key from the gates’ manifest: codes signed with it are refused from then on.
         */
        post: operations["revokeEventKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}/keys/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate an event’s signing key
         * @description Makes a new signing key for new codes; codes signed by older keys still verify.
         */
        post: operations["rotateEventKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List messages sent to ticket holders
         * @description Lists the messages sent to the event’s holders, newest first.
         */
        get: operations["listOrganizerMessages"];
        put?: never;
        /**
         * Message an event’s ticket holders
         * @description Records a message and queues it by mail and in-app to each holder who has not turned these off (rate limited per organization).
         */
        post: operations["sendOrganizerMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}/messages/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview a message to ticket holders
         * @description Shows how many holders a message would reach and the mail as rendered; nothing is sent (OWNER or ADMIN).
         */
        post: operations["previewOrganizerMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List an event’s orders
         * @description Lists the event’s orders, newest first, for members of its organization.
         */
        get: operations["listEventOrders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}/promo-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List an event’s promo codes
         * @description Lists the event’s promo codes with how often each was used.
         */
        get: operations["listPromoCodes"];
        put?: never;
        /**
         * Create a promo code
         * @description Creates a discount code for an event: a percentage or a fixed amount, with optional limits and tiers.
         */
        post: operations["createPromoCode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish an event
         * @description Puts a DRAFT event on sale and into the venue’s gate manifest.
         */
        post: operations["publishEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}/reconciliation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Reconcile an event’s scans
         * @description Merges every node’s scans: totals per node and lane, conflicts (double admissions, admissions after refund or cancel, manual overrides) and lagging nodes (`tixmo sync reconcile`).
         */
        get: operations["getReconciliation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}/tiers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List an event’s tiers
         * @description Lists the active tiers of a published event for anyone (no sign-in needed), and every tier for the event’s organization.
         */
        get: operations["listEventTiers"];
        put?: never;
        /**
         * Create a ticket tier
         * @description Adds a ticket tier (price, quantity, order limits, sale window) to an event.
         */
        post: operations["createTier"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/notification-preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get my notification preferences
         * @description Per category: whether mail and in-app notifications are on.
         */
        get: operations["getNotificationPreferences"];
        /**
         * Set my notification preferences
         * @description Turns mail or in-app notifications of categories on or off; categories left out keep their setting.
         */
        put: operations["setNotificationPreferences"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List my notifications
         * @description Lists the caller’s in-app notifications, newest first, and how many are unread.
         */
        get: operations["listNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark a notification read
         * @description Marks one in-app notification of the caller read.
         */
        post: operations["markNotificationRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark all notifications read
         * @description Marks every in-app notification of the caller read.
         */
        post: operations["markAllNotificationsRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/notifications/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test notification
         * @description Queues a test message to the caller by mail and in-app (a few per hour).
         */
        post: operations["sendTestNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List my orders
         * @description Lists the caller’s orders, newest first.
         */
        get: operations["listMyOrders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/tickets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List my tickets
         * @description Lists the tickets the caller holds, newest first, with their codes and check-in state.
         */
        get: operations["listMyTickets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/waitlist": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List my waitlist entries
         * @description Lists the waitlists the caller is on, with any open offer.
         */
        get: operations["listMyWaitlists"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Place an order
         * @description Reserves tickets of one event: a free order is CONFIRMED at once, a paid one is PENDING with a hold until expiresAt. A promo code may apply.
         */
        post: operations["createOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an order
         * @description Returns an order with its items, card payment and refunds, to its buyer or its organization.
         */
        get: operations["getOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{orderId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an order
         * @description Cancels an order: a hold is released; a paid order’s tickets are revoked.
         */
        post: operations["cancelOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{orderId}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm an order (box office)
         * @description Confirms a PENDING order paid at the box office and issues its tickets; an expired hold is a 410.
         */
        post: operations["confirmOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{orderId}/payment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a card payment
         * @description Creates the order’s Stripe PaymentIntent (once: the same one on every call) and returns its client secret. 503 when card payments are not configured.
         */
        post: operations["startPayment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{orderId}/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refund an order
         * @description Refunds an order in full or part (some tickets or an amount); the refunded tickets are revoked and card orders are refunded through Stripe.
         */
        post: operations["refundOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List my organizations
         * @description Lists the organizations the caller is a member of, with the caller’s role in each.
         */
        get: operations["listOrganizations"];
        put?: never;
        /**
         * Create an organization
         * @description Creates a promoter’s organization; the caller becomes its OWNER.
         */
        post: operations["createOrganization"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{orgId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an organization
         * @description Returns one organization the caller is a member of.
         */
        get: operations["getOrganization"];
        put?: never;
        post?: never;
        /**
         * Delete an organization
         * @description Deletes the organization (OWNER only): members are removed and its edge node tokens revoked. Refused while it has events with tickets sold.
         */
        delete: operations["deleteOrganization"];
        options?: never;
        head?: never;
        /**
         * Rename an organization
         * @description Changes the organization’s name (OWNER or ADMIN).
         */
        patch: operations["updateOrganization"];
        trace?: never;
    };
    "/organizations/{orgId}/analytics/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * New and returning buyers, top buyers, buyers per event (OWNER/ADMIN: personal data)
         * @description Who buys: new and returning buyers, the top buyers and buyers per event. Holds personal data, so only OWNER and ADMIN may read it.
         */
        get: operations["getOrganizationCustomers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{orgId}/analytics/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sales today / 7 / 30 days, upcoming events against capacity, top events (OWNER/ADMIN)
         * @description The promoter’s overview: sales today and over 7 and 30 days, upcoming events against their capacity and the best-selling events.
         */
        get: operations["getOrganizationDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{orgId}/analytics/sales": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sales of all the organization’s events per hour, day or week (OWNER/ADMIN)
         * @description Revenue, orders and tickets of every event of the organization, bucketed per hour, day or week in the venue’s time zone, over a date range.
         */
        get: operations["getOrganizationSales"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{orgId}/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List API keys
         * @description Lists the organization’s API keys with their scopes and last use, newest first; never the keys themselves.
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key
         * @description Creates an organization API key with the given scopes. The key itself is in this answer only; only its hash is stored.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{orgId}/api-keys/{keyId}": {
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
         * Revoke an API key
         * @description Revokes the key: it is refused from the next request on.
         */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{orgId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List message deliveries
         * @description Lists the mails and messages sent to the organization’s buyers, newest first, with their state (OWNER or ADMIN).
         */
        get: operations["listDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{orgId}/deliveries/{deliveryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a message delivery
         * @description Returns one delivery with its attempts and last error.
         */
        get: operations["getDelivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{orgId}/deliveries/{deliveryId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry a failed delivery
         * @description Queues a failed delivery again now, with the same message id (409 if it is not failed).
         */
        post: operations["retryDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{orgId}/exports/orders.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * CSV: Orders of all the organization’s events (OWNER/ADMIN)
         * @description Orders of all the organization’s events (OWNER/ADMIN). Streamed as RFC 4180 CSV in UTF-8; the query narrows it down.
         */
        get: operations["exportOrganizationOrders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{orgId}/exports/refunds.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * CSV: Refunds of all the organization’s events (OWNER/ADMIN)
         * @description Refunds of all the organization’s events (OWNER/ADMIN). Streamed as RFC 4180 CSV in UTF-8; the query narrows it down.
         */
        get: operations["exportOrganizationRefunds"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{orgId}/mail-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the mail settings
         * @description Returns how the organization’s mails to its buyers are signed (sender name and reply-to).
         */
        get: operations["getMailSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update the mail settings
         * @description Changes the sender name and reply-to of the organization’s mails (OWNER or ADMIN).
         */
        patch: operations["updateMailSettings"];
        trace?: never;
    };
    "/organizations/{orgId}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List members
         * @description Lists the organization’s members and their roles.
         */
        get: operations["listMembers"];
        put?: never;
        /**
         * Add a member
         * @description Adds an existing account, named by email address, to the organization with a role (OWNER or ADMIN).
         */
        post: operations["addMember"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{orgId}/members/{userId}": {
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
         * Remove a member
         * @description Removes a member from the organization, or lets the caller leave it; the last OWNER cannot go.
         */
        delete: operations["removeMember"];
        options?: never;
        head?: never;
        /**
         * Change a member’s role
         * @description Changes a member’s role; the organization always keeps at least one OWNER.
         */
        patch: operations["updateMemberRole"];
        trace?: never;
    };
    "/organizations/{orgId}/venues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List venues
         * @description Lists the organization’s venues.
         */
        get: operations["listVenues"];
        put?: never;
        /**
         * Create a venue
         * @description Creates a venue of the organization with its capacity, time zone and address.
         */
        post: operations["createVenue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{orgId}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhook endpoints
         * @description Lists the organization’s webhook endpoints and what each subscribes to (never their secrets).
         */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Create a webhook endpoint
         * @description Registers an endpoint URL that receives the organization’s events it subscribes to, signed per Standard Webhooks; the signing secret is in this answer only.
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{orgId}/webhooks/{endpointId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a webhook endpoint
         * @description Returns one webhook endpoint of the organization.
         */
        get: operations["getWebhookEndpoint"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook endpoint
         * @description Deletes the endpoint; nothing more is sent to it.
         */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /**
         * Update a webhook endpoint
         * @description Changes an endpoint’s URL, description, subscribed events or whether it is enabled.
         */
        patch: operations["updateWebhookEndpoint"];
        trace?: never;
    };
    "/organizations/{orgId}/webhooks/{endpointId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List an endpoint’s deliveries
         * @description Lists the deliveries to one endpoint, newest first, with their attempts and last answer.
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{orgId}/webhooks/{endpointId}/deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Redeliver a webhook
         * @description Queues one delivery to its endpoint again now, with the same message id.
         */
        post: operations["redeliverWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/payments/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Receive a Stripe event
         * @description Stripe’s webhook (set its URL in the Stripe dashboard): the raw body is verified with the Stripe-Signature header and the configured signing secret, then a payment that succeeded confirms its order and a refund updates its record. An event seen before is acknowledged as a duplicate; 404 when card payments are not configured.
         */
        post: operations["receiveStripeWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/promo-codes/{promoId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a promo code
         * @description Changes a promo code’s limits, window or whether it is active.
         */
        patch: operations["updatePromoCode"];
        trace?: never;
    };
    "/promo-codes/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check a promo code
         * @description Returns the discount a code gives on these items now, without using it: only an order takes a use.
         */
        post: operations["validatePromoCode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/admissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the venue’s admissions
         * @description Admissions that the venue’s nodes uploaded for its current events, for a node rebuilding who is inside.
         */
        get: operations["listVenueAdmissions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a node heartbeat
         * @description Edge nodes report their health and sync state; the answer holds the cloud’s clock.
         */
        post: operations["sendHeartbeat"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/manifest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Pull the gate manifest
         * @description Edge nodes page through their venue’s manifest (tickets, revocations, signing keys, gate rules) from a cursor.
         */
        get: operations["pullManifest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/scans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload scans
         * @description Edge nodes upload their journal of scans; the answer is the highest sequence number stored for the node, so a retry is exactly-once.
         */
        post: operations["uploadScans"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/wait": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Wait for a manifest change
         * @description Long-poll: answers as soon as the manifest changes after the cursor, or when the timeout passes.
         */
        get: operations["waitForManifest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tickets/{ticketId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a ticket
         * @description Returns a ticket with its code and check-in state, to its holder or its organization.
         */
        get: operations["getTicket"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Set a ticket’s attendee
         * @description Sets the name of the person who will use the ticket.
         */
        patch: operations["updateTicketAttendee"];
        trace?: never;
    };
    "/tickets/{ticketId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a ticket
         * @description Cancels one ticket (organization only): its code is revoked at the gates.
         */
        post: operations["cancelTicket"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tickets/{ticketId}/qr.png": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a ticket’s QR code (PNG)
         * @description The ticket’s code as a QR image in PNG, for its holder or its organization; a revoked ticket has none (409).
         */
        get: operations["getTicketQrPng"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tickets/{ticketId}/qr.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a ticket’s QR code (SVG)
         * @description The ticket’s code as a QR image in SVG, for its holder or its organization; a revoked ticket has none (409).
         */
        get: operations["getTicketQrSvg"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tickets/{ticketId}/transfer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Transfer a ticket
         * @description Gives the ticket to another account by email address: it gets a new code and the old one is revoked at the gates.
         */
        post: operations["transferTicket"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tiers/{tierId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a ticket tier
         * @description Returns a tier with what is left to sell. No sign-in needed for an active tier of a published event.
         */
        get: operations["getTier"];
        put?: never;
        post?: never;
        /**
         * Delete a ticket tier
         * @description Deletes a tier that has sold nothing (409 otherwise).
         */
        delete: operations["deleteTier"];
        options?: never;
        head?: never;
        /**
         * Update a ticket tier
         * @description Changes a tier; its quantity cannot drop below what is sold and held (409).
         */
        patch: operations["updateTier"];
        trace?: never;
    };
    "/tiers/{tierId}/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a tier’s live availability
         * @description Returns sold, held and available counts and whether the tier can be bought now, with a message saying why not.
         */
        get: operations["getTierAvailability"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tiers/{tierId}/waitlist": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Join a tier’s waitlist
         * @description Puts the caller on a sold-out tier’s waitlist; when tickets come back, the first in line gets an offer.
         */
        post: operations["joinWaitlist"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/unsubscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show the unsubscribe page
         * @description The page a mail’s unsubscribe link opens: it asks to confirm, because link scanners follow links and a GET must never unsubscribe.
         */
        get: operations["showUnsubscribePage"];
        put?: never;
        /**
         * Unsubscribe from a mail category
         * @description RFC 8058 one-click unsubscribe with the token of the mail’s link (no sign-in): that category’s mail is turned off.
         */
        post: operations["unsubscribe"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/venues/{venueId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a venue
         * @description Returns one venue of an organization the caller belongs to.
         */
        get: operations["getVenue"];
        put?: never;
        post?: never;
        /**
         * Delete a venue
         * @description Deletes a venue that has no events.
         */
        delete: operations["deleteVenue"];
        options?: never;
        head?: never;
        /**
         * Update a venue
         * @description Changes a venue’s name, capacity, time zone or address.
         */
        patch: operations["updateVenue"];
        trace?: never;
    };
    "/venues/{venueId}/edge-nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List edge nodes
         * @description Lists the venue’s edge nodes with their last contact; tokens are never shown again.
         */
        get: operations["listEdgeNodes"];
        put?: never;
        /**
         * Register an edge node
         * @description Registers a gate computer (edge node) at the venue. Its token is in this answer only: put it in the edge’s config.
         */
        post: operations["createEdgeNode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/venues/{venueId}/sync-status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a venue’s sync status
         * @description Per edge node: manifest cursor and age, upload backlog, last ack, clock offset and peers, as each last reported (`tixmo sync status`).
         */
        get: operations["getSyncStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/waitlist/{entryId}": {
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
         * Leave a waitlist
         * @description Removes the caller’s entry; an open offer passes to the next in line.
         */
        delete: operations["leaveWaitlist"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ApiKey: {
            createdAt: string;
            createdBy: string;
            id: string;
            /** @description Updated at most once a minute */
            lastUsedAt: string | null;
            name: string;
            orgId: string;
            /** @description The key’s first characters, to recognise it */
            prefix: string;
            revokedAt: string | null;
            scopes: ("read" | "catalog" | "box-office" | "analytics" | "sync-ops")[];
        };
        Delivery: {
            address: string | null;
            attempts: number;
            channel: string;
            createdAt: string;
            /** @description also the message id (Message-ID <id@domain> for mail) */
            id: string;
            kind: string;
            lastError: string | null;
            nextAttemptAt: string | null;
            sentAt: string | null;
            /** @enum {string} */
            status: "pending" | "sending" | "sent" | "failed" | "cancelled";
            template: string;
        };
        EdgeNode: {
            ackedSeq: number;
            createdAt: string;
            heartbeatAt: string | null;
            id: string;
            lastSeenAt: string | null;
            name: string;
            /** @description when the node was revoked; its token no longer works */
            revokedAt: string | null;
            venueId: string;
        };
        Error: {
            error: {
                /** @example NOT_FOUND */
                code: string;
                /** @example event not found */
                message: string;
                /** @description Quote it when reporting a problem */
                requestId: string;
            };
        };
        Event: {
            cancelledAt: string | null;
            category: string | null;
            description: string | null;
            doorsAt: string | null;
            endsAt: string;
            id: string;
            name: string;
            orgId: string;
            publishedAt: string | null;
            /** @enum {string} */
            reentryPolicy: "single" | "reentry" | "unlimited";
            startsAt: string;
            /** @enum {string} */
            status: "DRAFT" | "PUBLISHED" | "CANCELLED";
            tags: string[];
            venueId: string;
        };
        HeartbeatAck: {
            /** Format: date-time */
            serverTime: string;
        };
        MailSettings: {
            effectiveSenderName: string;
            replyTo: string | null;
            senderName: string | null;
        };
        ManifestPage: {
            cursor: string;
            events: {
                /** Format: date-time */
                doorsAt?: string | null;
                /** Format: date-time */
                endsAt: string;
                id: string;
                keys: {
                    kid: string;
                    publicJwk: {
                        [key: string]: unknown;
                    };
                }[];
                name: string;
                /** @enum {string} */
                reentryPolicy?: "single" | "reentry" | "unlimited";
                /** Format: date-time */
                startsAt: string;
                /** @enum {string} */
                status: "DRAFT" | "PUBLISHED" | "CANCELLED";
                tiers: {
                    id: string;
                    name: string;
                    /** Format: date-time */
                    validFrom?: string | null;
                    /** Format: date-time */
                    validUntil?: string | null;
                }[];
            }[];
            hasMore: boolean;
            node: {
                id: string;
                name: string;
                venueId: string;
            };
            remaining: number;
            tickets: {
                eventId: string;
                id: string;
                /** @enum {string} */
                status: "VALID" | "CANCELLED" | "REFUNDED";
                tierId: string;
                version: number;
            }[];
            venue: {
                capacity: number;
                id: string;
                name: string;
                timezone: string;
            };
        };
        ManifestWait: {
            changed: boolean;
        };
        Member: {
            email: string;
            name: string;
            /** @enum {string} */
            role: "OWNER" | "ADMIN" | "STAFF";
            userId: string;
        };
        Notification: {
            body: string;
            /** @enum {string} */
            category: "transactional" | "reminders" | "organizerMessages";
            createdAt: string;
            id: string;
            /** @description what happened, e.g. order.confirmed, organizer.message */
            kind: string;
            orgId: string | null;
            read: boolean;
            readAt: string | null;
            /** @description what it is about: an order, ticket, event, refund… */
            refId: string | null;
            title: string;
        };
        NotificationPreferences: {
            organizerMessages: {
                canTurnOff: boolean;
                email: boolean;
                inApp: boolean;
            };
            reminders: {
                canTurnOff: boolean;
                email: boolean;
                inApp: boolean;
            };
            transactional: {
                canTurnOff: boolean;
                email: boolean;
                inApp: boolean;
            };
        };
        Order: {
            cancelledAt: string | null;
            confirmedAt: string | null;
            createdAt: string;
            currency: string;
            discountCents: number;
            disputed: boolean;
            eventId: string;
            expiresAt: string | null;
            id: string;
            refundDue: boolean;
            refundedCents: number;
            /** @enum {string} */
            status: "PENDING" | "CONFIRMED" | "EXPIRED" | "CANCELLED";
            statusReason: string | null;
            subtotalCents: number;
            totalCents: number;
        };
        Organization: {
            id: string;
            name: string;
            /** @enum {string} */
            role: "OWNER" | "ADMIN" | "STAFF";
        };
        OrganizerMessage: {
            body: string;
            createdAt: string;
            eventId: string;
            id: string;
            recipientCount: number;
            sentBy: {
                email: string;
                id: string;
                name: string;
            };
            subject: string;
            tierId: string | null;
        };
        PromoCode: {
            active: boolean;
            amount: number;
            code: string;
            eventId: string;
            id: string;
            /** @enum {string} */
            kind: "PERCENT" | "FIXED";
            maxUses: number | null;
            minOrderCents: number;
            tierIds: string[];
            uses: number;
            validFrom: string | null;
            validUntil: string | null;
        };
        Reconciliation: {
            conflicts: {
                detail: string;
                scans: {
                    at: string;
                    direction: string;
                    hlc: string;
                    incarnation?: string;
                    kind: string | null;
                    laneId: string;
                    nodeId: string;
                    note: string | null;
                    seq: number;
                }[];
                ticketId: string;
                /** @enum {string} */
                type: "double_admission" | "admitted_after_revocation" | "manual_override";
            }[];
            eventId: string;
            laggingNodes: {
                ackedSeq: number;
                backlog: number | null;
                clockBoundMs: number | null;
                clockOffsetMs: number | null;
                earlierLives?: number;
                earlierNotUploaded?: number;
                heartbeatAt: string | null;
                incarnation?: string | null;
                journalSince?: string | null;
                lastSeenAt: string | null;
                lastSeq: number | null;
                manifestAgeSeconds: number | null;
                manifestCursor: string | null;
                manifestSyncedAt: string | null;
                name: string;
                nodeId: string;
                peers: number;
                peersReachable: number;
                problems: string[];
                revokedAt?: string | null;
                tickets: number | null;
            }[];
            needsAttention: boolean;
            perNodeLane: {
                annulled: number;
                entries: number;
                exits: number;
                laneId: string;
                manual: number;
                nodeId: string;
                nodeName: string;
                rejects: number;
            }[];
            totals: {
                entries: number;
                exits: number;
                inside: number;
                rejects: number;
            };
        };
        Refund: {
            amountCents: number;
            createdAt: string;
            id: string;
            lastError: string | null;
            orderId: string;
            provider: string;
            reason: string | null;
            status: string;
            ticketIds: string[];
        };
        ScanAck: {
            accepted: number;
            ackedSeq: number;
            incarnation?: string;
        };
        Session: {
            accessToken: string;
            refreshToken: string;
            user: components["schemas"]["User"];
        };
        /**
         * @example {
         *       "id": "evt_1QExample",
         *       "type": "payment_intent.succeeded",
         *       "data": {
         *         "object": {
         *           "id": "pi_1QExample",
         *           "object": "payment_intent"
         *         }
         *       }
         *     }
         */
        StripeEvent: {
            data: {
                object: {
                    [key: string]: unknown;
                };
            } & {
                [key: string]: unknown;
            };
            id: string;
            type: string;
        } & {
            [key: string]: unknown;
        };
        StripeWebhookAck: {
            duplicate: boolean;
            /** @enum {boolean} */
            received: true;
        };
        SyncStatus: {
            needsAttention: boolean;
            nodes: {
                ackedSeq: number;
                backlog: number | null;
                clockBoundMs: number | null;
                clockOffsetMs: number | null;
                earlierLives?: number;
                earlierNotUploaded?: number;
                heartbeatAt: string | null;
                incarnation?: string | null;
                journalSince?: string | null;
                lastSeenAt: string | null;
                lastSeq: number | null;
                manifestAgeSeconds: number | null;
                manifestCursor: string | null;
                manifestSyncedAt: string | null;
                name: string;
                nodeId: string;
                peers: number;
                peersReachable: number;
                problems: string[];
                revokedAt?: string | null;
                tickets: number | null;
            }[];
            venueId: string;
        };
        Ticket: {
            attendeeEmail: string | null;
            attendeeName: string | null;
            code: string;
            eventId: string;
            id: string;
            orderId: string;
            /** @enum {string} */
            status: "VALID" | "CANCELLED" | "REFUNDED";
            tierId: string;
            version: number;
        };
        Tier: {
            active: boolean;
            available: number;
            currency: string;
            eventId: string;
            id: string;
            maxPerOrder: number;
            minPerOrder: number;
            name: string;
            priceCents: number;
            quantity: number;
            saleEndsAt: string | null;
            saleStartsAt: string | null;
            sortOrder: number;
            transferable: boolean;
            validFrom: string | null;
            validUntil: string | null;
        };
        User: {
            email: string;
            id: string;
            name: string;
        };
        Venue: {
            address: string | null;
            capacity: number;
            createdAt: string;
            id: string;
            name: string;
            orgId: string;
            timezone: string;
        };
        VenueAdmissionsPage: {
            cursor: string;
            hasMore: boolean;
            rows: {
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                decision: "admit" | "reject";
                /** @enum {string} */
                direction: "entry" | "exit";
                eventId: string | null;
                hlc: string;
                incarnation?: string;
                /** @enum {string} */
                kind?: "scan" | "manual_admit" | "annul" | "direction";
                laneId: string;
                nodeId: string;
                note?: string | null;
                /** @enum {string} */
                reason: "ok" | "malformed" | "bad_signature" | "wrong_event" | "not_yet_valid" | "expired" | "revoked" | "cancelled" | "tier_not_allowed" | "already_inside" | "not_inside" | "unknown_ticket" | "unconfirmed" | "storage" | "no_manifest" | "rebuilding";
                seq: number;
                ticketId: string | null;
            }[];
        };
        WaitlistEntry: {
            id: string;
            /** @description A held order made for you: pay it before expiresAt or it passes to the next */
            offer: {
                expiresAt: string | null;
                orderId: string;
                /** @enum {string} */
                status: "PENDING" | "CONFIRMED" | "EXPIRED" | "CANCELLED";
            } | null;
            /** @description 1 = next in line; null once offered */
            position: number | null;
            quantity: number;
            /** @enum {string} */
            status: "WAITING" | "OFFERED" | "LEFT";
            tierId: string;
        };
        WebhookDelivery: {
            /** @description the IP address the last attempt went to */
            address: string | null;
            attempts: number;
            createdAt: string;
            eventType: string;
            /** @description the webhook-id header: the same on every retry and redelivery */
            id: string;
            kind: string;
            lastError: string | null;
            nextAttemptAt: string | null;
            sentAt: string | null;
            /** @enum {string} */
            status: "pending" | "sending" | "sent" | "failed" | "cancelled";
        };
        WebhookEndpoint: {
            createdAt: string;
            description: string | null;
            disabledAt: string | null;
            disabledReason: string | null;
            enabled: boolean;
            eventTypes: ("order.placed" | "order.paid" | "order.cancelled" | "order.refunded" | "ticket.issued" | "ticket.transferred" | "ticket.cancelled" | "ticket.checked_in" | "waitlist.offered" | "event.published" | "event.cancelled")[];
            /** @description the first failure since the last success */
            failingSince: string | null;
            id: string;
            lastSuccessAt: string | null;
            url: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "ada@example.org",
                 *       "password": "correct horse battery"
                 *     }
                 */
                "application/json": {
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Logged in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    refreshToken: string;
                };
            };
        };
        responses: {
            /** @description The refresh token and every rotation of it are revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    password: string;
                };
            };
        };
        responses: {
            /** @description Deleted: personal data wiped, orders and tickets kept */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    currentPassword?: string;
                    name?: string;
                    newPassword?: string;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    requestPasswordReset: {
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
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        message: string;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    confirmPasswordReset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    newPassword: string;
                    token: string;
                };
            };
        };
        responses: {
            /** @description Password changed; every session of the account is logged out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    refreshSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    refreshToken: string;
                };
            };
        };
        responses: {
            /** @description Rotated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accessToken: string;
                        refreshToken: string;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "ada@example.org",
                 *       "password": "correct horse battery",
                 *       "name": "Ada Lovelace"
                 *     }
                 */
                "application/json": {
                    email: string;
                    name: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Account created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    verifyEmail: {
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
            /** @description The address is verified */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        email: string;
                        /** @enum {boolean} */
                        emailVerified: true;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resendVerificationEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A new link is on its way */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        message: string;
                    };
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEdgeNode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                nodeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The edge node (never its token) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EdgeNode"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeEdgeNode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                nodeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked: its token is refused on every sync route from now on (its scans stay) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateEdgeNode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                nodeId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description Renamed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EdgeNode"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rotateEdgeNodeToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                nodeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A new token, shown only in this response; the old one stops working at once */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        token: string;
                        venueId: string;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                category?: string;
                cursor?: string;
                from?: string;
                includeEnded?: "true" | "false";
                limit?: number;
                q?: string;
                tag?: string;
                to?: string;
                venueId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Published events, soonest first (no sign-in needed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: (components["schemas"]["Event"] & {
                            ended: boolean;
                            venueName: string;
                        })[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createEvent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "venueId": "0193f1a2-7c3e-7a10-8b2c-3d4e5f607182",
                 *       "name": "Midnight Jazz",
                 *       "startsAt": "2026-12-31T20:00:00Z",
                 *       "endsAt": "2027-01-01T01:00:00Z",
                 *       "doorsAt": "2026-12-31T19:00:00Z"
                 *     }
                 */
                "application/json": {
                    category?: string | null;
                    description?: string | null;
                    /** Format: date-time */
                    doorsAt?: string | null;
                    /** Format: date-time */
                    endsAt: string;
                    name: string;
                    /**
                     * @description single: one entry; reentry (default): again after an exit; unlimited: no anti-passback
                     * @enum {string}
                     */
                    reentryPolicy?: "single" | "reentry" | "unlimited";
                    /** Format: date-time */
                    startsAt: string;
                    tags?: string[];
                    venueId: string;
                };
            };
        };
        responses: {
            /** @description Created as DRAFT */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Event"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event and its venue: no sign-in needed once published; a draft only for its organization */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Event"] & {
                        venue: {
                            address: string | null;
                            id: string;
                            name: string;
                            timezone: string;
                        };
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    category?: string | null;
                    description?: string | null;
                    /** Format: date-time */
                    doorsAt?: string | null;
                    /** Format: date-time */
                    endsAt?: string;
                    name?: string;
                    /**
                     * @description single: one entry; reentry (default): again after an exit; unlimited: no anti-passback
                     * @enum {string}
                     */
                    reentryPolicy?: "single" | "reentry" | "unlimited";
                    /** Format: date-time */
                    startsAt?: string;
                    tags?: string[];
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Event"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEventDoorStats: {
        parameters: {
            query?: {
                /** @description Minutes per bucket of the entry and exit timeline */
                interval?: "5" | "15" | "60";
                /** @description Zone of the timeline’s labels (default: the venue’s) */
                timezone?: string;
            };
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The door in numbers, from the scans the venue’s edges uploaded */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        capacity: number;
                        eventId: string;
                        gates: {
                            heartbeatAt: string | null;
                            lanes: {
                                admits: number;
                                annulled: number;
                                devices: {
                                    path: string;
                                    role?: string;
                                    state: string;
                                    type: string;
                                }[];
                                direction: string | null;
                                laneId: string;
                                lastScanAt: string | null;
                                manual: number;
                                rejects: number;
                                rejectsByReason: {
                                    [key: string]: number;
                                };
                                scans: number;
                            }[];
                            name: string;
                            nodeId: string;
                        }[];
                        peak: {
                            at: string;
                            inside: number;
                        } | null;
                        tiers: {
                            cancelled: number;
                            checkedIn: number;
                            held: number;
                            name: string;
                            quantity: number;
                            refunded: number;
                            sold: number;
                            tierId: string;
                        }[];
                        timeline: {
                            buckets: {
                                entries: number;
                                exits: number;
                                local: string;
                                start: string;
                            }[];
                            intervalMinutes: number;
                        };
                        timezone: string;
                        totals: {
                            cancelled: number;
                            capacityPercent: number;
                            checkedIn: number;
                            checkInRate: number;
                            entries: number;
                            exits: number;
                            held: number;
                            inside: number;
                            quantity: number;
                            refunded: number;
                            sold: number;
                        };
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEventSales: {
        parameters: {
            query?: {
                /** @description Start (default: 30 days before `to`); widened to its bucket */
                from?: string;
                /** @description Bucket size */
                interval?: "hour" | "day" | "week";
                /** @description IANA zone the buckets are cut in (default: the venue’s) */
                timezone?: string;
                /** @description End (default: now); widened to the end of its bucket */
                to?: string;
            };
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Per currency, never summed across */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        buckets: {
                            currencies: {
                                currency: string;
                                discountCents: number;
                                grossCents: number;
                                netCents: number;
                                orders: number;
                                refundedCents: number;
                                refunds: number;
                                tickets: number;
                            }[];
                            local: string;
                            start: string;
                        }[];
                        byPromoCode: {
                            code: string;
                            currency: string | null;
                            discountCents: number;
                            promoCodeId: string;
                            revenueCents: number;
                            uses: number;
                        }[];
                        byTier: {
                            currency: string;
                            grossCents: number;
                            name: string;
                            orders: number;
                            tickets: number;
                            tierId: string;
                        }[];
                        eventId: string;
                        from: string;
                        /** @enum {string} */
                        interval: "hour" | "day" | "week";
                        timezone: string;
                        to: string;
                        totals: {
                            currency: string;
                            discountCents: number;
                            grossCents: number;
                            netCents: number;
                            orders: number;
                            refundedCents: number;
                            refunds: number;
                            tickets: number;
                        }[];
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEventAttendance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Admissions uploaded by the venue’s edge nodes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        entries: number;
                        eventId: string;
                        exits: number;
                        inside: number;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    cancelEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancelled: tickets revoked (the gates hear it via the manifest), paid orders marked for refund */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        event: components["schemas"]["Event"];
                        ordersToRefund: number;
                        ticketsCancelled: number;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportEventAttendees: {
        parameters: {
            query?: {
                /** @description `true` starts the file with a UTF-8 byte order mark, so Excel reads accents right */
                bom?: "true" | "false";
            };
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description RFC 4180, UTF-8, streamed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportEventOrders: {
        parameters: {
            query?: {
                /** @description `true` starts the file with a UTF-8 byte order mark, so Excel reads accents right */
                bom?: "true" | "false";
            };
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description RFC 4180, UTF-8, streamed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportEventRefunds: {
        parameters: {
            query?: {
                /** @description `true` starts the file with a UTF-8 byte order mark, so Excel reads accents right */
                bom?: "true" | "false";
            };
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description RFC 4180, UTF-8, streamed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportEventScans: {
        parameters: {
            query?: {
                /** @description `true` starts the file with a UTF-8 byte order mark, so Excel reads accents right */
                bom?: "true" | "false";
            };
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description RFC 4180, UTF-8, streamed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getGateRules: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Re-entry policy and tier windows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        eventId: string;
                        /** @enum {string} */
                        reentryPolicy: "single" | "reentry" | "unlimited";
                        tiers: {
                            tierId: string;
                            validFrom: string | null;
                            validUntil: string | null;
                        }[];
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setGateRules: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    reentryPolicy?: "single" | "reentry" | "unlimited";
                    tiers?: {
                        tierId: string;
                        /** Format: date-time */
                        validFrom: string | null;
                        /** Format: date-time */
                        validUntil: string | null;
                    }[];
                };
            };
        };
        responses: {
            /** @description Saved; the venue’s gates get it with the manifest */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        eventId: string;
                        /** @enum {string} */
                        reentryPolicy: "single" | "reentry" | "unlimited";
                        tiers: {
                            tierId: string;
                            validFrom: string | null;
                            validUntil: string | null;
                        }[];
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listEventKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event’s signing keys, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            createdAt: string;
                            kid: string;
                            revokedAt: string | null;
                            signing: boolean;
                        }[];
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeEventKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
                kid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key leaves the gates’ manifest */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            createdAt: string;
                            kid: string;
                            revokedAt: string | null;
                            signing: boolean;
                        }[];
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rotateEventKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A new signing key; older keys still verify */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            createdAt: string;
                            kid: string;
                            revokedAt: string | null;
                            signing: boolean;
                        }[];
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listOrganizerMessages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Messages sent to the event’s holders, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["OrganizerMessage"][];
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    sendOrganizerMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description plain text; blank lines separate paragraphs */
                    body: string;
                    subject: string;
                    /** @description only holders of this tier; default: the whole event */
                    tierId?: string;
                };
            };
        };
        responses: {
            /** @description Recorded and queued: mail and in-app to each holder who has not turned these off */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizerMessage"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    previewOrganizerMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description plain text; blank lines separate paragraphs */
                    body: string;
                    subject: string;
                    /** @description only holders of this tier; default: the whole event */
                    tierId?: string;
                };
            };
        };
        responses: {
            /** @description How many holders it would reach and the mail as rendered; nothing is sent (OWNER/ADMIN) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        html: string;
                        recipientCount: number;
                        subject: string;
                        text: string;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listEventOrders: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event’s orders, newest first (organization members) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Order"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listPromoCodes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event’s codes with their use counts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["PromoCode"][];
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createPromoCode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "code": "EARLYBIRD",
                 *       "kind": "PERCENT",
                 *       "amount": 15,
                 *       "maxUses": 200,
                 *       "validUntil": "2026-11-30T23:59:59Z"
                 *     }
                 */
                "application/json": {
                    active?: boolean;
                    amount: number;
                    code: string;
                    /** @enum {string} */
                    kind: "PERCENT" | "FIXED";
                    maxUses?: number | null;
                    minOrderCents?: number;
                    tierIds?: string[];
                    /** Format: date-time */
                    validFrom?: string | null;
                    /** Format: date-time */
                    validUntil?: string | null;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromoCode"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    publishEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Published */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Event"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getReconciliation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Merged scans: totals per node and lane, conflicts, lagging nodes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Reconciliation"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listEventTiers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Tiers of the event: the active ones of a published event for anyone (no sign-in needed), all for its organization */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Tier"][];
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createTier: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "General admission",
                 *       "priceCents": 4500,
                 *       "quantity": 1500,
                 *       "maxPerOrder": 10,
                 *       "currency": "EUR"
                 *     }
                 */
                "application/json": {
                    active?: boolean;
                    currency?: string;
                    maxPerOrder?: number;
                    minPerOrder?: number;
                    name: string;
                    priceCents: number;
                    quantity: number;
                    /** Format: date-time */
                    saleEndsAt?: string | null;
                    /** Format: date-time */
                    saleStartsAt?: string | null;
                    sortOrder?: number;
                    transferable?: boolean;
                    /**
                     * Format: date-time
                     * @description Admission window at the gate; null = the event’s
                     */
                    validFrom?: string | null;
                    /** Format: date-time */
                    validUntil?: string | null;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tier"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getNotificationPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Per category: mail and in-app on or off */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPreferences"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setNotificationPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    organizerMessages?: {
                        email?: boolean;
                        inApp?: boolean;
                    };
                    reminders?: {
                        email?: boolean;
                        inApp?: boolean;
                    };
                    /** @description cannot be turned off (orders, tickets, refunds) */
                    transactional?: {
                        email?: boolean;
                        inApp?: boolean;
                    };
                };
            };
        };
        responses: {
            /** @description Updated; what was left out keeps its setting */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPreferences"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listNotifications: {
        parameters: {
            query?: {
                /** @description nextCursor of the previous page */
                cursor?: string;
                limit?: number;
                /** @description true: only unread ones */
                unread?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller’s in-app notifications, newest first, and how many are unread */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Notification"][];
                        nextCursor: string | null;
                        unreadCount: number;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    markNotificationRead: {
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
            /** @description Marked read */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Notification"] & {
                        unreadCount: number;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    markAllNotificationsRead: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description All marked read */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        marked: number;
                        unreadCount: number;
                    };
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    sendTestNotification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A test message to the caller (mail and in-app) is queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        outboxId: string;
                        queued: boolean;
                    };
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listMyOrders: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller’s orders, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Order"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listMyTickets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Tickets the caller holds, newest first, with their check-in state */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: (components["schemas"]["Ticket"] & {
                            /** @description First admission that still stands; null when never used */
                            checkedInAt: string | null;
                            /** @description Inside the venue now (its latest passage was an entry) */
                            inside: boolean;
                            /** @description Latest entry or exit at a gate */
                            lastScanAt: string | null;
                        })[];
                    };
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listMyWaitlists: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Waitlists the caller is on */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WaitlistEntry"][];
                    };
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createOrder: {
        parameters: {
            query?: never;
            header?: {
                /** @description Same key and body → the same order; same key, other body → 409 */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "items": [
                 *         {
                 *           "tierId": "0193f1a2-8d4f-7b21-9c3d-4e5f60718293",
                 *           "quantity": 2
                 *         }
                 *       ],
                 *       "promoCode": "EARLYBIRD"
                 *     }
                 */
                "application/json": {
                    items: {
                        quantity: number;
                        tierId: string;
                    }[];
                    promoCode?: string;
                };
            };
        };
        responses: {
            /** @description CONFIRMED when free, else PENDING with a hold until expiresAt */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Well-formed but not acceptable as it stands (e.g. an unknown account or a code that does not apply) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order, with its card payment and refunds */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"] & {
                        /** @description How and by whom the order was confirmed; null until it is */
                        confirmation: {
                            at: string;
                            by: {
                                name: string;
                                userId: string;
                            } | null;
                            /**
                             * @description null: confirmed by hand before who did it was recorded
                             * @enum {string|null}
                             */
                            method: "payment" | "box_office" | "free" | null;
                            reason: string | null;
                        } | null;
                        items: {
                            quantity: number;
                            tierId: string;
                            unitPriceCents: number;
                        }[];
                        payment: {
                            lastError: string | null;
                            paymentIntentId: string;
                            status: string;
                        } | null;
                        refunds: {
                            amountCents: number;
                            id: string;
                            provider: string;
                            reason: string | null;
                            status: string;
                            ticketIds: string[];
                        }[];
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    cancelOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancelled; a hold is released, a paid order’s tickets are revoked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    confirmOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description Why the order is confirmed by hand; required (of an OWNER) when card payments are on */
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Confirmed; tickets issued */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No longer available: the hold expired */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    startPayment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order’s PaymentIntent (made once; the same one on every call) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amountCents: number;
                        clientSecret: string;
                        paymentIntentId: string;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No longer available: the hold expired */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A service this route needs is unavailable or not configured */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    refundOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "ticketIds": [
                 *         "0193f1a3-1a2b-7c3d-8e4f-5a6b7c8d9e0f"
                 *       ],
                 *       "reason": "Cannot attend"
                 *     }
                 */
                "application/json": {
                    amountCents?: number;
                    reason?: string;
                    ticketIds?: string[];
                };
            };
        };
        responses: {
            /** @description Recorded; tickets revoked; sent to Stripe for card orders */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refund"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listOrganizations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Organizations the caller belongs to */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Organization"][];
                    };
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Night Owl Promotions"
                 *     }
                 */
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description Created; the caller is OWNER */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organization"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The organization */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organization"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted (OWNER only): members removed, edge node tokens revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description Renamed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        /** @enum {string} */
                        role: "OWNER" | "ADMIN" | "STAFF";
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOrganizationCustomers: {
        parameters: {
            query?: {
                /** @description Start (default: 30 days before `to`) */
                from?: string;
                /** @description Top buyers listed */
                limit?: number;
                /** @description End, exclusive (default: now) */
                to?: string;
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Buyers of confirmed orders in the range */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        buyers: number;
                        buyersPerEvent: {
                            buyers: number;
                            eventId: string;
                            name: string;
                            orders: number;
                        }[];
                        from: string;
                        newBuyers: number;
                        orgId: string;
                        returningBuyers: number;
                        to: string;
                        topBuyers: {
                            currency: string;
                            email: string | null;
                            name: string | null;
                            orders: number;
                            spentCents: number;
                            tickets: number;
                            userId: string;
                        }[];
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOrganizationDashboard: {
        parameters: {
            query?: {
                /** @description Zone "today" is counted in (default: the venues’) */
                timezone?: string;
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The organization at a glance */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        asOf: string;
                        orgId: string;
                        sales: {
                            last7Days: {
                                currency: string;
                                discountCents: number;
                                grossCents: number;
                                netCents: number;
                                orders: number;
                                refundedCents: number;
                                refunds: number;
                                tickets: number;
                            }[];
                            last30Days: {
                                currency: string;
                                discountCents: number;
                                grossCents: number;
                                netCents: number;
                                orders: number;
                                refundedCents: number;
                                refunds: number;
                                tickets: number;
                            }[];
                            today: {
                                currency: string;
                                discountCents: number;
                                grossCents: number;
                                netCents: number;
                                orders: number;
                                refundedCents: number;
                                refunds: number;
                                tickets: number;
                            }[];
                        };
                        timezone: string;
                        topEvents: {
                            capacity: number;
                            eventId: string;
                            held: number;
                            name: string;
                            sold: number;
                            soldPercent: number;
                            startsAt: string;
                            status: string;
                            ticketsOnSale: number;
                        }[];
                        upcomingEvents: {
                            capacity: number;
                            eventId: string;
                            held: number;
                            name: string;
                            sold: number;
                            soldPercent: number;
                            startsAt: string;
                            status: string;
                            ticketsOnSale: number;
                        }[];
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOrganizationSales: {
        parameters: {
            query?: {
                /** @description Start (default: 30 days before `to`); widened to its bucket */
                from?: string;
                /** @description Bucket size */
                interval?: "hour" | "day" | "week";
                /** @description IANA zone the buckets are cut in (default: the venue’s) */
                timezone?: string;
                /** @description End (default: now); widened to the end of its bucket */
                to?: string;
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Per currency, never summed across */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        buckets: {
                            currencies: {
                                currency: string;
                                discountCents: number;
                                grossCents: number;
                                netCents: number;
                                orders: number;
                                refundedCents: number;
                                refunds: number;
                                tickets: number;
                            }[];
                            local: string;
                            start: string;
                        }[];
                        from: string;
                        /** @enum {string} */
                        interval: "hour" | "day" | "week";
                        orgId: string;
                        timezone: string;
                        to: string;
                        totals: {
                            currency: string;
                            discountCents: number;
                            grossCents: number;
                            netCents: number;
                            orders: number;
                            refundedCents: number;
                            refunds: number;
                            tickets: number;
                        }[];
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The organization’s keys, newest first (never the keys themselves) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ApiKey"][];
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Nightly sync check",
                 *       "scopes": [
                 *         "sync-ops"
                 *       ]
                 *     }
                 */
                "application/json": {
                    name: string;
                    scopes: ("read" | "catalog" | "box-office" | "analytics" | "sync-ops")[];
                };
            };
        };
        responses: {
            /** @description Created (OWNER or ADMIN) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"] & {
                        /** @description Send as `Authorization: Bearer <key>`. Shown only here. */
                        key: string;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked: refused from the next request on */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDeliveries: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                /** @description comma-separated states, e.g. failed,pending */
                status?: string;
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Messages to the organization’s buyers, newest first (OWNER/ADMIN) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Delivery"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deliveryId: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One delivery */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Delivery"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    retryDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deliveryId: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued again now, with the same message id */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Delivery"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportOrganizationOrders: {
        parameters: {
            query?: {
                /** @description `true` starts the file with a UTF-8 byte order mark, so Excel reads accents right */
                bom?: "true" | "false";
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description RFC 4180, UTF-8, streamed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportOrganizationRefunds: {
        parameters: {
            query?: {
                /** @description `true` starts the file with a UTF-8 byte order mark, so Excel reads accents right */
                bom?: "true" | "false";
            };
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description RFC 4180, UTF-8, streamed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMailSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description How the organization’s mails to its buyers are signed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MailSettings"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateMailSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description where buyers’ replies go; null = no Reply-To */
                    replyTo?: string | null;
                    /** @description the From name on buyers’ mails; null = the organization’s name */
                    senderName?: string | null;
                };
            };
        };
        responses: {
            /** @description Updated (OWNER/ADMIN) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MailSettings"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listMembers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Members and their roles */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Member"][];
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    addMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    /** @enum {string} */
                    role: "OWNER" | "ADMIN" | "STAFF";
                };
            };
        };
        responses: {
            /** @description Added */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Well-formed but not acceptable as it stands (e.g. an unknown account or a code that does not apply) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    removeMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed (or left) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateMemberRole: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    role: "OWNER" | "ADMIN" | "STAFF";
                };
            };
        };
        responses: {
            /** @description Role changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listVenues: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The organization’s venues */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Venue"][];
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createVenue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Harbour Hall",
                 *       "capacity": 1800,
                 *       "timezone": "Europe/Berlin",
                 *       "address": "Hafenstraße 1, 20359 Hamburg"
                 *     }
                 */
                "application/json": {
                    address?: string | null;
                    capacity: number;
                    name: string;
                    timezone?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Venue"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The organization’s endpoints (OWNER/ADMIN) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookEndpoint"][];
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    /** @description the event types it is sent */
                    eventTypes: ("order.placed" | "order.paid" | "order.cancelled" | "order.refunded" | "ticket.issued" | "ticket.transferred" | "ticket.cancelled" | "ticket.checked_in" | "waitlist.offered" | "event.published" | "event.cancelled")[];
                    /** @description where to POST; loopback, private and link-local targets are refused */
                    url: string;
                };
            };
        };
        responses: {
            /** @description Created (OWNER/ADMIN) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"] & {
                        /** @description the signing secret (whsec_…): shown this once, keep it */
                        secret: string;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One endpoint */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted; nothing more is sent to it */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    /** @description true revives an endpoint disabled after failures */
                    enabled?: boolean;
                    /** @description the event types it is sent */
                    eventTypes?: ("order.placed" | "order.paid" | "order.cancelled" | "order.refunded" | "ticket.issued" | "ticket.transferred" | "ticket.cancelled" | "ticket.checked_in" | "waitlist.offered" | "event.published" | "event.cancelled")[];
                    /** @description where to POST; loopback, private and link-local targets are refused */
                    url?: string;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                /** @description comma-separated states, e.g. failed,pending */
                status?: string;
            };
            header?: never;
            path: {
                endpointId: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint’s delivery log, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookDelivery"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    redeliverWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deliveryId: string;
                endpointId: string;
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued again now, same webhook-id */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    receiveStripeWebhook: {
        parameters: {
            query?: never;
            header: {
                /** @description Stripe’s signature of the raw body */
                "stripe-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description A Stripe event, exactly as Stripe sent it */
        requestBody: {
            content: {
                "application/json": components["schemas"]["StripeEvent"];
            };
        };
        responses: {
            /** @description Applied, or acknowledged as a duplicate of an event applied before */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StripeWebhookAck"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updatePromoCode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                promoId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    active?: boolean;
                    maxUses?: number | null;
                    minOrderCents?: number;
                    /** Format: date-time */
                    validFrom?: string | null;
                    /** Format: date-time */
                    validUntil?: string | null;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromoCode"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    validatePromoCode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                    eventId: string;
                    items: {
                        quantity: number;
                        tierId: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description The discount this code gives on these items now (uses are taken only by an order) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: number;
                        code: string;
                        discountCents: number;
                        /** @enum {string} */
                        kind: "PERCENT" | "FIXED";
                        subtotalCents: number;
                        totalCents: number;
                        /** @enum {boolean} */
                        valid: true;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Well-formed but not acceptable as it stands (e.g. an unknown account or a code that does not apply) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listVenueAdmissions: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Admissions the venue’s nodes uploaded for its current events (all journal lives), for a node rebuilding who is inside */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VenueAdmissionsPage"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    sendHeartbeat: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    clock: {
                        boundMs: number;
                        correctionMs?: number;
                        offsetMs: number | null;
                    };
                    lanes?: {
                        devices: {
                            path: string;
                            role?: string;
                            state: string;
                            type: string;
                        }[];
                        direction: string;
                        id: string;
                    }[];
                    manifest: {
                        cursor: string;
                        /** Format: date-time */
                        syncedAt: string | null;
                        tickets: number;
                    };
                    peers: {
                        /** Format: date-time */
                        lastContactAt: string | null;
                        nodeId: string | null;
                        reachable: boolean;
                        url: string;
                    }[];
                    /** Format: date-time */
                    sentAt: string;
                    upload: {
                        ackedSeq: number;
                        incarnation?: string;
                        lastSeq: number;
                    };
                };
            };
        };
        responses: {
            /** @description The cloud’s clock */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HeartbeatAck"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    pullManifest: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the venue manifest */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManifestPage"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    uploadScans: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    nodeId: string;
                    scans: {
                        /** Format: date-time */
                        at: string;
                        /** @enum {string} */
                        decision: "admit" | "reject";
                        /** @enum {string} */
                        direction: "entry" | "exit";
                        eventId: string | null;
                        hlc: string;
                        incarnation?: string;
                        /** @enum {string} */
                        kind?: "scan" | "manual_admit" | "annul" | "direction";
                        laneId: string;
                        note?: string | null;
                        /** @enum {string} */
                        reason: "ok" | "malformed" | "bad_signature" | "wrong_event" | "not_yet_valid" | "expired" | "revoked" | "cancelled" | "tier_not_allowed" | "already_inside" | "not_inside" | "unknown_ticket" | "unconfirmed" | "storage" | "no_manifest" | "rebuilding";
                        seq: number;
                        ticketId: string | null;
                    }[];
                };
            };
        };
        responses: {
            /** @description Highest seq stored for this node */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScanAck"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    waitForManifest: {
        parameters: {
            query?: {
                cursor?: string;
                timeoutMs?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Whether the manifest changed after the cursor (long-poll) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManifestWait"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTicket: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticketId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The ticket with its code (holder or organization only) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ticket"] & {
                        /** @description First admission that still stands; null when never used */
                        checkedInAt: string | null;
                        eventName: string;
                        /** @description Inside the venue now (its latest passage was an entry) */
                        inside: boolean;
                        /** @description Latest entry or exit at a gate */
                        lastScanAt: string | null;
                        startsAt: string;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateTicketAttendee: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticketId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    attendeeEmail?: string | null;
                    attendeeName?: string | null;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ticket"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    cancelTicket: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticketId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancelled by the organization */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ticket"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTicketQrPng: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticketId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The ticket’s code as a QR image */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/png": string;
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTicketQrSvg: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticketId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The ticket’s code as a QR image */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/svg+xml": string;
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    transferTicket: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ticketId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "grace@example.org"
                 *     }
                 */
                "application/json": {
                    /** Format: email */
                    email: string;
                };
            };
        };
        responses: {
            /** @description Transferred: the old code is revoked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attendeeEmail: string | null;
                        attendeeName: string | null;
                        eventId: string;
                        holderEmail: string;
                        id: string;
                        orderId: string;
                        /** @enum {string} */
                        status: "VALID" | "CANCELLED" | "REFUNDED";
                        tierId: string;
                        version: number;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Well-formed but not acceptable as it stands (e.g. an unknown account or a code that does not apply) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTier: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tierId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tier; `available` is what is left (quantity minus sold and held). No sign-in needed for an active tier of a published event */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tier"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteTier: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tierId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateTier: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tierId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    active?: boolean;
                    currency?: string;
                    maxPerOrder?: number;
                    minPerOrder?: number;
                    name?: string;
                    priceCents?: number;
                    quantity?: number;
                    /** Format: date-time */
                    saleEndsAt?: string | null;
                    /** Format: date-time */
                    saleStartsAt?: string | null;
                    sortOrder?: number;
                    transferable?: boolean;
                    /**
                     * Format: date-time
                     * @description Admission window at the gate; null = the event’s
                     */
                    validFrom?: string | null;
                    /** Format: date-time */
                    validUntil?: string | null;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tier"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTierAvailability: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tierId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Live availability (no sign-in needed for a published event) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        available: number;
                        canPurchase: boolean;
                        held: number;
                        isOnSale: boolean;
                        message: string;
                        quantity: number;
                        sold: number;
                        tierId: string;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    joinWaitlist: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tierId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default 1 */
                    quantity?: number;
                };
            };
        };
        responses: {
            /** @description On the waitlist */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WaitlistEntry"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    showUnsubscribePage: {
        parameters: {
            query: {
                /** @description the signed token from the mail’s link */
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page asking to confirm (a GET never unsubscribes: link scanners follow links) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    unsubscribe: {
        parameters: {
            query: {
                /** @description the signed token from the mail’s link */
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description RFC 8058 one-click unsubscribe (body List-Unsubscribe=One-Click, no sign-in): that category’s mail is off */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getVenue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                venueId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The venue */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Venue"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteVenue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                venueId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflicts with the current state of what it names (e.g. sold out); the message says why */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateVenue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                venueId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    address?: string | null;
                    capacity?: number;
                    name?: string;
                    timezone?: string;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Venue"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listEdgeNodes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                venueId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Edge nodes of the venue (tokens are never shown again) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["EdgeNode"][];
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createEdgeNode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                venueId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "North gate"
                 *     }
                 */
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description Registered; the token is shown only in this response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        token: string;
                        venueId: string;
                    };
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSyncStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                venueId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Each edge node’s sync state as it last reported it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncStatus"];
                };
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    leaveWaitlist: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                entryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Left; an open offer passes to the next in line */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The input is not valid (the message names the field), or the request cannot be done as asked */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials: the token or API key is missing, expired, revoked or malformed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or it belongs to another organization (never told apart) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests: the Retry-After header says in how many seconds to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
