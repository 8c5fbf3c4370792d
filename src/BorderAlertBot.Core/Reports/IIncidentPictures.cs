namespace BorderAlertBot.Core.Reports;

/// <summary>
/// The pictures of an <see cref="IncidentReport"/> as PNG attachments, for chats and files. The port is
/// here so commands and the weekly digest can ask for pictures without knowing how they are drawn; the
/// Charts project implements it and the host registers it.
/// </summary>
public interface IIncidentPictures
{
    /// <summary>Incidents per day, stacked by severity.</summary>
    Attachment Trend(IncidentReport report);

    /// <summary>The border map with the report's incidents as markers.</summary>
    Attachment Map(IncidentReport report);
}
