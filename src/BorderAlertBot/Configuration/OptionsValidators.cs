using BorderAlertBot.Core.Commands;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Core.Retention;
using BorderAlertBot.Core.Stories;
using BorderAlertBot.Feeds.Fetching;
using BorderAlertBot.Feeds.Polling;
using BorderAlertBot.Hosting;
using BorderAlertBot.Sinks;
using BorderAlertBot.Web;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Configuration;

// The source-generated validators (data annotations checked without reflection) for every section the
// host binds; SectionValidator puts each failure under its key. One small closed family, hence one file.

[OptionsValidator] public sealed partial class BorderAlertOptionsValidator : IValidateOptions<BorderAlertOptions>;
[OptionsValidator] public sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>;
[OptionsValidator] public sealed partial class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>;
[OptionsValidator] public sealed partial class PipelineOptionsValidator : IValidateOptions<PipelineOptions>;
[OptionsValidator] public sealed partial class StoryOptionsValidator : IValidateOptions<StoryOptions>;
[OptionsValidator] public sealed partial class DispatcherOptionsValidator : IValidateOptions<DispatcherOptions>;
[OptionsValidator] public sealed partial class CommandOptionsValidator : IValidateOptions<CommandOptions>;
[OptionsValidator] public sealed partial class AdminOptionsValidator : IValidateOptions<AdminOptions>;
[OptionsValidator] public sealed partial class FetchOptionsValidator : IValidateOptions<FetchOptions>;
[OptionsValidator] public sealed partial class PollingOptionsValidator : IValidateOptions<PollingOptions>;
[OptionsValidator] public sealed partial class WebOptionsValidator : IValidateOptions<WebOptions>;
[OptionsValidator] public sealed partial class InstanceOptionsValidator : IValidateOptions<InstanceOptions>;
[OptionsValidator] public sealed partial class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>;
[OptionsValidator] public sealed partial class RetentionOptionsValidator : IValidateOptions<RetentionOptions>;
