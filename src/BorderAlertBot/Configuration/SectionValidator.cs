using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Configuration;

/// <summary>
/// Runs an options type's source-generated validator and reports each problem under its full configuration
/// key in plain words ("BorderAlert:Fetch:Timeout: must be between 00:00:01 and 00:10:00"); the CLI prints
/// keys in their environment form, so the user knows exactly which setting or variable to fix.
/// </summary>
public sealed partial class SectionValidator<T>(string section, IValidateOptions<T> inner) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var result = inner.Validate(name, options);
        if (!result.Failed) return result;
        return ValidateOptionsResult.Fail(result.Failures!.Select(Rephrase));
    }

    /// <summary>"Timeout: The field FetchOptions.Timeout must be between …" → "Section:Timeout: must be between …".</summary>
    private string Rephrase(string failure)
    {
        var m = GeneratedFailure().Match(failure);
        if (!m.Success) return $"{section}: {failure}";
        string member = m.Groups["member"].Value;
        string error = m.Groups["error"].Value.TrimEnd('.');
        string qualified = $"{typeof(T).Name}.{member}";
        foreach (string prefix in (string[])[$"The field {qualified} ", $"The field {member} ", $"The {qualified} field ", $"The {member} field "])
            if (error.StartsWith(prefix, StringComparison.Ordinal)) { error = error[prefix.Length..]; break; }
        return $"{section}:{member.Replace('.', ':')}: {error}";
    }

    [GeneratedRegex(@"^(?<member>[A-Za-z0-9_.]+): (?<error>.*)$", RegexOptions.Singleline)]
    private static partial Regex GeneratedFailure();
}
