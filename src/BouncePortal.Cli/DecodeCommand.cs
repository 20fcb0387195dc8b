using System.Text.Json;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Remediation;

namespace BouncePortal.Cli;

/// <summary><c>bounceportal decode REPLY</c>: explains one SMTP reply and what to do about it.</summary>
internal static class DecodeCommand
{
    private const string Name = "decode";

    public static int Run(IReadOnlyList<string> arguments, TextWriter stdout)
    {
        var commandLine = CommandLine.Parse(Name, arguments, valueOptions: PersistentSoftOptions.Names, flagOptions: ["--json"]);
        if (commandLine.HelpRequested)
        {
            stdout.Write(CliApplication.Usage);
            return CliApplication.Success;
        }

        // Words given without quotes still form one reply.
        var reply = string.Join(' ', commandLine.Operands).Trim();
        if (reply.Length == 0)
        {
            throw new UsageException($"{Name}: missing REPLY; give the SMTP reply in quotes, for example: bounceportal decode \"550 5.1.1 user unknown\"");
        }

        var retryLimits = PersistentSoftOptions.Read(Name, commandLine);
        var record = DecodedReply.From(FailureExplainer.Decode(reply, retryLimits));
        if (commandLine.Has("--json"))
        {
            stdout.WriteLine(JsonSerializer.Serialize(record, JsonOutput.Indented));
        }
        else
        {
            WriteText(stdout, record);
        }

        return CliApplication.Success;
    }

    private static void WriteText(TextWriter output, DecodedReply record)
    {
        var className = !record.Determined ? "unknown (no SMTP code found)" : record.Class?.ToString() ?? "none (success)";
        output.WriteLine($"Class:         {className}");
        output.WriteLine($"Basic code:    {record.BasicCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
        output.WriteLine($"Enhanced code: {record.EnhancedCode ?? "none"}");
        output.WriteLine($"Category:      {record.Category?.ToString() ?? "none"}");
        output.WriteLine($"Blame:         {record.Blame?.ToString() ?? "none"}");
        output.WriteLine($"Provider:      {record.Provider}");
        output.WriteLine($"Suppress:      {(record.Suppress ? "yes" : "no")}");
        output.WriteLine($"Meaning:       {record.Meaning}");
        output.WriteLine($"Retry advice:  {record.RetryAdvice}");
        output.WriteLine($"Reply:         {record.Reply}");
        if (record.Links.Count == 0)
        {
            output.WriteLine("Links:         none");
        }

        foreach (var link in record.Links)
        {
            output.WriteLine($"Link:          {link}");
        }
        output.WriteLine();
        output.WriteLine($"Checklist: {record.Checklist.Title}");
        for (var i = 0; i < record.Checklist.Steps.Count; i++)
        {
            var step = record.Checklist.Steps[i];
            output.WriteLine($"  {i + 1}. {step.Action}");
            output.WriteLine($"     Why: {step.Why}");
        }
    }

    /// <summary>The JSON shape of a decoded reply, whose property order is the output order.</summary>
    internal sealed record DecodedReply(
        BounceClass? Class,
        int? BasicCode,
        string? EnhancedCode,
        BounceCategory? Category,
        Blame? Blame,
        ReceivingProvider Provider,
        bool Suppress,
        string Meaning,
        string RetryAdvice,
        ChecklistRecord Checklist,
        bool Determined,
        string Reply,
        IReadOnlyList<string> Links)
    {
        public static DecodedReply From(FailureExplanation explanation)
        {
            var result = explanation.Classification;
            return new DecodedReply(
                explanation.Determined ? result.Class : null,
                result.BasicCode,
                result.EnhancedCode,
                result.Category,
                result.Blame,
                result.Provider,
                result.Suppress,
                explanation.Meaning,
                explanation.RetryAdvice,
                new ChecklistRecord(explanation.Checklist.Title, explanation.Checklist.Steps),
                explanation.Determined,
                explanation.Reply ?? string.Empty,
                explanation.Links);
        }
    }

    /// <summary>The JSON shape of a checklist: its title and steps.</summary>
    internal sealed record ChecklistRecord(string Title, IReadOnlyList<ChecklistStep> Steps);
}
