using Microsoft.Extensions.Options;

namespace BorderAlertBot.Webhook;

/// <summary>The generated range checks, then each URL: absolute http or https. A bad URL is named by its index, never echoed (it may hold a secret).</summary>
[OptionsValidator]
public sealed partial class WebhookOptionsRangeValidator : IValidateOptions<WebhookOptions>;

public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    private readonly WebhookOptionsRangeValidator _ranges = new();

    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var errors = new List<string>();
        var ranges = _ranges.Validate(name, options);
        if (ranges.Failed) errors.AddRange(ranges.Failures.Select(f => $"{WebhookOptions.Section}:{f}"));
        for (int i = 0; i < options.Urls.Count; i++)
        {
            bool ok = Uri.TryCreate(options.Urls[i]?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Length == 0;
            if (!ok) errors.Add($"{WebhookOptions.Section}:Urls:{i}: must be an absolute http or https URL without user:password@ (the value is not shown: it may hold a secret)");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
