using BorderAlertBot.Configuration;
using BorderAlertBot.Core.Detection;

namespace BorderAlertBot.Hosting;

/// <summary>Loads the gazetteer and lexicon and builds the detector; problems become configuration errors naming the file.</summary>
public static class DetectorFiles
{
    public static BorderDetector Load(string gazetteerPath, string lexiconPath)
    {
        try
        {
            var gazetteer = DetectorDataLoader.ParseGazetteer(Read(gazetteerPath), gazetteerPath);
            var lexicon = DetectorDataLoader.ParseLexicon(Read(lexiconPath), lexiconPath);
            return new BorderDetector(gazetteer, lexicon);
        }
        catch (DetectorDataException ex)
        {
            throw new ConfigurationException(ex.Message);
        }
    }

    private static string Read(string path) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new ConfigurationException($"The detector data file {path} does not exist.");
}
