//! The interface's words in English and Simplified Chinese. Event messages, reasons and
//! kubectl output are never translated: they stay exactly as Kubernetes prints them.

/// A user interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// From a BCP 47 tag such as `zh-CN` (the browser's language).
    pub fn from_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }

    /// The name of the language in itself, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
        }
    }
}

/// Every phrase of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum T {
    Tagline,
    EditorLabel,
    ResetExample,
    Examples,
    NoProblems,
    Problems,
    ShowInEditor,
    Accepted,
    Rejected,
    RejectedNothingToRun,
    DefaultedFields,
    CreatedBy,
    APod,
    Play,
    Pause,
    Speed,
    StepBack,
    StepForward,
    ToStart,
    ToEnd,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    Time,
    Events,
    Watch,
    PodCard,
    Effective,
    Inferred,
    NotSimulated,
    Why,
    WhyNone,
    FieldResponsible,
    Phase,
    Conditions,
    Containers,
    Ready,
    Restarts,
    LastState,
    State,
    Scenario,
    DeleteAt,
    NodeFailAt,
    StartupTime,
    HealthFailFrom,
    SigtermHandling,
    MemoryGrowth,
    ConfigMapExists,
    Seconds,
    Never,
    Container,
    TimelineText,
    Memory,
    Disk,
    Limit,
    GraceWindow,
    PodTracks,
    Footer,
    Language,
    CrashTitle,
    CrashBody,
    Reload,
    NothingToSimulate,
    Truncated,
    KeyboardHelp,
    SigtermDefault,
    SigtermExit,
    SigtermDrain,
    SigtermIgnore,
    Pod,
}

/// The phrase in `lang`.
pub fn t(lang: Lang, key: T) -> &'static str {
    use T::*;
    match (lang, key) {
        (Lang::En, Tagline) => "What a kubelet does with your Pod, second by second.",
        (Lang::Zh, Tagline) => "逐秒重现 kubelet 如何运行你的 Pod。",
        (Lang::En, EditorLabel) => "Paste a Pod, Deployment, Job, … (YAML or JSON)",
        (Lang::Zh, EditorLabel) => "粘贴 Pod、Deployment、Job 等（YAML 或 JSON）",
        (Lang::En, ResetExample) => "Reset example",
        (Lang::Zh, ResetExample) => "重置示例",
        (Lang::En, Examples) => "Examples",
        (Lang::Zh, Examples) => "示例",
        (Lang::En, NoProblems) => "No problems found.",
        (Lang::Zh, NoProblems) => "未发现问题。",
        (Lang::En, Problems) => "problem(s)",
        (Lang::Zh, Problems) => "个问题",
        (Lang::En, ShowInEditor) => "Show in the editor",
        (Lang::Zh, ShowInEditor) => "在编辑器中显示",
        (Lang::En, Accepted) => "The API server accepts it.",
        (Lang::Zh, Accepted) => "API server 会接受它。",
        (Lang::En, Rejected) => "The API server rejects it:",
        (Lang::Zh, Rejected) => "API server 会拒绝它：",
        (Lang::En, RejectedNothingToRun) => {
            "The API server would reject this object, so no pod would ever run. Fix the errors to see its lifecycle."
        }
        (Lang::Zh, RejectedNothingToRun) => {
            "API server 会拒绝这个对象，因此不会有任何 Pod 运行。修复错误后即可看到它的生命周期。"
        }
        (Lang::En, DefaultedFields) => "field(s) defaulted by the API server",
        (Lang::Zh, DefaultedFields) => "个字段由 API server 设置默认值",
        (Lang::En, CreatedBy) => "created by",
        (Lang::Zh, CreatedBy) => "创建者",
        (Lang::En, APod) => "a Pod",
        (Lang::Zh, APod) => "一个 Pod",
        (Lang::En, Play) => "Play",
        (Lang::Zh, Play) => "播放",
        (Lang::En, Pause) => "Pause",
        (Lang::Zh, Pause) => "暂停",
        (Lang::En, Speed) => "Speed",
        (Lang::Zh, Speed) => "速度",
        (Lang::En, StepBack) => "Previous event",
        (Lang::Zh, StepBack) => "上一个事件",
        (Lang::En, StepForward) => "Next event",
        (Lang::Zh, StepForward) => "下一个事件",
        (Lang::En, ToStart) => "To the start",
        (Lang::Zh, ToStart) => "回到开头",
        (Lang::En, ToEnd) => "To the end",
        (Lang::Zh, ToEnd) => "跳到结尾",
        (Lang::En, ZoomIn) => "Zoom in",
        (Lang::Zh, ZoomIn) => "放大",
        (Lang::En, ZoomOut) => "Zoom out",
        (Lang::Zh, ZoomOut) => "缩小",
        (Lang::En, ZoomReset) => "Show all",
        (Lang::Zh, ZoomReset) => "显示全部",
        (Lang::En, Time) => "Time",
        (Lang::Zh, Time) => "时间",
        (Lang::En, Events) => "Events (kubectl describe)",
        (Lang::Zh, Events) => "事件（kubectl describe）",
        (Lang::En, Watch) => "kubectl get pod -w",
        (Lang::Zh, Watch) => "kubectl get pod -w",
        (Lang::En, PodCard) => "Pod",
        (Lang::Zh, PodCard) => "Pod",
        (Lang::En, Effective) => "Effective spec",
        (Lang::Zh, Effective) => "生效的 spec",
        (Lang::En, Inferred) => "What podlife inferred",
        (Lang::Zh, Inferred) => "podlife 的推断",
        (Lang::En, NotSimulated) => "Not simulated",
        (Lang::Zh, NotSimulated) => "未模拟",
        (Lang::En, Why) => "Why",
        (Lang::Zh, Why) => "原因",
        (Lang::En, WhyNone) => "Nothing has happened yet.",
        (Lang::Zh, WhyNone) => "尚未发生任何变化。",
        (Lang::En, FieldResponsible) => "Field responsible",
        (Lang::Zh, FieldResponsible) => "相关字段",
        (Lang::En, Phase) => "Phase",
        (Lang::Zh, Phase) => "阶段",
        (Lang::En, Conditions) => "Conditions",
        (Lang::Zh, Conditions) => "状况",
        (Lang::En, Containers) => "Containers",
        (Lang::Zh, Containers) => "容器",
        (Lang::En, Ready) => "Ready",
        (Lang::Zh, Ready) => "就绪",
        (Lang::En, Restarts) => "Restarts",
        (Lang::Zh, Restarts) => "重启次数",
        (Lang::En, LastState) => "Last state",
        (Lang::Zh, LastState) => "上一个状态",
        (Lang::En, State) => "State",
        (Lang::Zh, State) => "状态",
        (Lang::En, Scenario) => "Scenario",
        (Lang::Zh, Scenario) => "场景",
        (Lang::En, DeleteAt) => "Delete the pod at",
        (Lang::Zh, DeleteAt) => "删除 Pod 的时间",
        (Lang::En, NodeFailAt) => "Node fails at",
        (Lang::Zh, NodeFailAt) => "节点故障时间",
        (Lang::En, StartupTime) => "Start-up time",
        (Lang::Zh, StartupTime) => "启动耗时",
        (Lang::En, HealthFailFrom) => "Health checks fail from",
        (Lang::Zh, HealthFailFrom) => "健康检查失败起始时间",
        (Lang::En, SigtermHandling) => "On SIGTERM",
        (Lang::Zh, SigtermHandling) => "收到 SIGTERM 时",
        (Lang::En, MemoryGrowth) => "Memory growth per second",
        (Lang::Zh, MemoryGrowth) => "每秒内存增长",
        (Lang::En, ConfigMapExists) => "exists",
        (Lang::Zh, ConfigMapExists) => "存在",
        (Lang::En, Seconds) => "s",
        (Lang::Zh, Seconds) => "秒",
        (Lang::En, Never) => "never",
        (Lang::Zh, Never) => "从不",
        (Lang::En, Container) => "Container",
        (Lang::Zh, Container) => "容器",
        (Lang::En, TimelineText) => "Timeline as text",
        (Lang::Zh, TimelineText) => "时间线（文本）",
        (Lang::En, Memory) => "Memory",
        (Lang::Zh, Memory) => "内存",
        (Lang::En, Disk) => "Disk",
        (Lang::Zh, Disk) => "磁盘",
        (Lang::En, Limit) => "limit",
        (Lang::Zh, Limit) => "上限",
        (Lang::En, GraceWindow) => "grace period",
        (Lang::Zh, GraceWindow) => "宽限期",
        (Lang::En, PodTracks) => "Pod",
        (Lang::Zh, PodTracks) => "Pod",
        (Lang::En, Footer) => "Runs entirely in your browser: nothing you paste leaves this page.",
        (Lang::Zh, Footer) => "完全在浏览器中运行：你粘贴的内容不会离开本页面。",
        (Lang::En, Language) => "Language",
        (Lang::Zh, Language) => "语言",
        (Lang::En, CrashTitle) => "podlife hit an internal error",
        (Lang::Zh, CrashTitle) => "podlife 遇到内部错误",
        (Lang::En, CrashBody) => "Your input is kept. Reload to continue.",
        (Lang::Zh, CrashBody) => "你的输入已保留。重新加载即可继续。",
        (Lang::En, Reload) => "Reload",
        (Lang::Zh, Reload) => "重新加载",
        (Lang::En, NothingToSimulate) => "Paste a Pod or a workload with a pod template to see its lifecycle.",
        (Lang::Zh, NothingToSimulate) => "粘贴一个 Pod 或带有 Pod 模板的工作负载即可查看其生命周期。",
        (Lang::En, Truncated) => "The simulation stopped at its work bound before the end.",
        (Lang::Zh, Truncated) => "模拟在到达结尾前达到了工作量上限。",
        (Lang::En, KeyboardHelp) => "Keys: Space play/pause · ←/→ previous/next event · Home/End · +/− speed",
        (Lang::Zh, KeyboardHelp) => "快捷键：空格 播放/暂停 · ←/→ 上/下一个事件 · Home/End · +/− 速度",
        (Lang::En, SigtermDefault) => "as the image does",
        (Lang::Zh, SigtermDefault) => "按镜像的默认行为",
        (Lang::En, SigtermExit) => "exit at once",
        (Lang::Zh, SigtermExit) => "立即退出",
        (Lang::En, SigtermDrain) => "drain, then exit",
        (Lang::Zh, SigtermDrain) => "排空连接后退出",
        (Lang::En, SigtermIgnore) => "ignore it",
        (Lang::Zh, SigtermIgnore) => "忽略",
        (Lang::En, Pod) => "Pod",
        (Lang::Zh, Pod) => "Pod",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_language_picks_chinese_for_any_zh_tag() {
        assert_eq!(Lang::from_tag("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_tag("zh-Hans-SG"), Lang::Zh);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("fr"), Lang::En);
    }
}
