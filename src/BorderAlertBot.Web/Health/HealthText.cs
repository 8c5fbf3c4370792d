using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BorderAlertBot.Web.Health;

/// <summary>Plain-text health answers: the overall status on the first line, then one line per check.</summary>
public static class HealthText
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var sb = new StringBuilder();
        sb.Append(report.Status.ToString()).Append('\n');
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            sb.Append(name).Append(": ").Append(entry.Status.ToString()).Append(" — ").Append(entry.Description ?? "").Append('\n');
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(sb.ToString());
    }
}
