namespace BorderAlertBot.Tests.Fakes;

/// <summary>One file part of a multipart/form-data request a fake chat server received.</summary>
public sealed record UploadedFile(string Name, string FileName, string ContentType, byte[] Content);
