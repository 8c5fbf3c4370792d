using Microsoft.AspNetCore.Http;

namespace BorderAlertBot.Web.Hosting;

/// <summary>
/// Headers on every answer: a strict Content-Security-Policy (no script at all, styles and images only
/// from this site, no framing, no form posts), no MIME sniffing, no referrer to the outlets linked.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static RequestDelegate Middleware(RequestDelegate next) => context =>
    {
        var h = context.Response.Headers;
        h.ContentSecurityPolicy = ContentSecurityPolicy;
        h.XContentTypeOptions = "nosniff";
        h["Referrer-Policy"] = "no-referrer";
        h.XFrameOptions = "DENY";
        return next(context);
    };
}
