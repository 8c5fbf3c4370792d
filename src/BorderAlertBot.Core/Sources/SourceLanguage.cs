namespace BorderAlertBot.Core.Sources;

/// <summary>What a source's language may be: a two- or three-letter code (en, ru, ky, tg), or none.</summary>
public static class SourceLanguage
{
    public static bool IsValid(string code) => code.Length is 2 or 3 && code.All(char.IsAsciiLetter);
}
