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

/// Declares a phrase enum and its texts: `Key => "English", "中文";` per variant. The texts
/// are stored as one byte string with the end of each (English then Chinese per key) in a
/// `u16` table, built at compile time; a `match` returning `&'static str` kept a pointer and
/// a length (8 bytes) per text in the wasm, and its texts apart.
macro_rules! phrases {
    ($(#[$m:meta])* pub enum $name:ident in $table:ident { $($key:ident => $en:expr, $zh:expr;)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $($key,)*
        }

        static $table: Texts<{ total(&[$($en, $zh,)*]) }, { [$($en, $zh,)*].len() }> = Texts::new(&[$($en, $zh,)*]);
    };
}

/// Texts laid end to end, and where each ends.
struct Texts<const N: usize, const K: usize> {
    text: [u8; N],
    ends: [u16; K],
}

impl<const N: usize, const K: usize> Texts<N, K> {
    const fn new(texts: &[&str]) -> Self {
        let (mut text, mut ends) = ([0u8; N], [0u16; K]);
        let (mut i, mut n) = (0, 0);
        while i < texts.len() {
            let b = texts[i].as_bytes();
            let mut j = 0;
            while j < b.len() {
                text[n] = b[j];
                n += 1;
                j += 1;
            }
            assert!(n <= u16::MAX as usize, "phrase texts over 64 KB");
            ends[i] = n as u16;
            i += 1;
        }
        Texts { text, ends }
    }
}

const fn total(texts: &[&str]) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < texts.len() {
        n += texts[i].len();
        i += 1;
    }
    n
}

/// Text `i` of a [`Texts`]. Each text is whole UTF-8, so the conversion cannot fail.
fn lookup(text: &'static [u8], ends: &[u16], i: usize) -> &'static str {
    let start = if i == 0 { 0 } else { ends.get(i - 1).map_or(0, |e| usize::from(*e)) };
    let end = ends.get(i).map_or(0, |e| usize::from(*e));
    text.get(start..end).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("")
}

phrases! {
    /// Every phrase of the interface.
    pub enum T in T_TEXT {
        Tagline => "What a kubelet does with your Pod, second by second.", "逐秒重现 kubelet 如何运行你的 Pod。";
        EditorLabel => "Paste a Pod, Deployment, Job, … (YAML or JSON)", "粘贴 Pod、Deployment、Job 等（YAML 或 JSON）";
        Examples => "Examples", "示例";
        // The exercise mode (src/web/exercise.rs).
        Exercises => "Exercises", "练习";
        ExerciseInstructions => "Instructions", "说明";
        ExerciseGoals => "Goals", "目标";
        ExerciseAllPass => "Every goal passes. Well done!", "全部目标达成，做得好！";
        ExercisePassCount => "goals pass", "个目标已达成";
        ExercisePassed => "passes:", "已达成：";
        ExerciseFailed => "fails:", "未达成：";
        ExerciseInvalid => "The spec cannot be graded: the API server would reject it.", "无法评分：API server 会拒绝这份配置。";
        ExerciseShowMoment => "Show this moment", "跳到这一刻";
        ExerciseHint => "Show a hint", "显示提示";
        ExerciseSolution => "Show the solution", "查看参考答案";
        ExerciseUseSolution => "Load it into the editor", "载入编辑器";
        ExerciseReset => "Start over", "重新开始";
        ExerciseClose => "Leave the exercise", "退出练习";
        ExerciseUnknown => "There is no exercise with this name", "没有这个名字的练习";
        ExerciseScenarioDiffers => "The timeline plays the editor's Scenario, which is not the exercise's; the goals are graded with the exercise's.",
            "时间线播放的是编辑器中的 Scenario，与练习的不同；目标仍按练习的 Scenario 评分。";
        ExerciseRestoreScenario => "Use the exercise's Scenario", "改用练习的 Scenario";
        NoProblems => "No problems found.", "未发现问题。";
        Problems => "problem(s)", "个问题";
        ShowInEditor => "Show in the editor", "在编辑器中显示";
        Accepted => "The API server accepts it.", "API server 会接受它。";
        Rejected => "The API server rejects it:", "API server 会拒绝它：";
        RejectedNothingToRun => "The API server would reject this object, so no pod would ever run. Fix the errors to see its lifecycle.",
            "API server 会拒绝这个对象，因此不会有任何 Pod 运行。修复错误后即可看到它的生命周期。";
        CreatedBy => "created by", "创建者";
        APod => "a Pod", "一个 Pod";
        Play => "Play", "播放";
        Pause => "Pause", "暂停";
        Speed => "Speed", "速度";
        StepBack => "Previous event", "上一个事件";
        StepForward => "Next event", "下一个事件";
        ToStart => "To the start", "回到开头";
        ToEnd => "To the end", "跳到结尾";
        ZoomIn => "Zoom in", "放大";
        ZoomOut => "Zoom out", "缩小";
        ZoomReset => "Show all", "显示全部";
        Time => "Time", "时间";
        Events => "Events (kubectl describe)", "事件（kubectl describe）";
        Watch => "kubectl get pod -w", "kubectl get pod -w";
        PodCard => "Pod", "Pod";
        Effective => "Effective spec", "生效的 spec";
        Inferred => "What podlife inferred", "podlife 的推断";
        NotSimulated => "Not simulated", "未模拟";
        Why => "Why", "原因";
        WhyNone => "Nothing has happened yet.", "尚未发生任何变化。";
        FieldResponsible => "Field responsible", "相关字段";
        Phase => "Phase", "阶段";
        Conditions => "Conditions", "状况";
        Containers => "Containers", "容器";
        Ready => "Ready", "就绪";
        Restarts => "Restarts", "重启次数";
        LastState => "Last state", "上一个状态";
        State => "State", "状态";
        Scenario => "Scenario", "场景";
        DeleteAt => "Delete the pod at", "删除 Pod 的时间";
        NodeFailAt => "Node fails at", "节点故障时间";
        StartupTime => "Start-up time", "启动耗时";
        HealthFailFrom => "Health checks fail from", "健康检查失败起始时间";
        SigtermHandling => "On SIGTERM", "收到 SIGTERM 时";
        MemoryGrowth => "Memory growth per second", "每秒内存增长";
        ConfigMapExists => "exists", "存在";
        Seconds => "s", "秒";
        Never => "never", "从不";
        Container => "Container", "容器";
        TimelineText => "Timeline as text", "时间线（文本）";
        Memory => "Memory", "内存";
        Disk => "Disk", "磁盘";
        Limit => "limit", "上限";
        GraceWindow => "grace period", "宽限期";
        Footer => "Runs entirely in your browser: nothing you paste leaves this page.", "完全在浏览器中运行：你粘贴的内容不会离开本页面。";
        Language => "Language", "语言";
        CrashTitle => "podlife hit an internal error", "podlife 遇到内部错误";
        CrashBody => "Your input is kept. Reload to continue.", "你的输入已保留。重新加载即可继续。";
        Reload => "Reload", "重新加载";
        NothingToSimulate => "Paste a Pod or a workload with a pod template to see its lifecycle.",
            "粘贴一个 Pod 或带有 Pod 模板的工作负载即可查看其生命周期。";
        Truncated => "The simulation stopped at its work bound before the end.", "模拟在到达结尾前达到了工作量上限。";
        KeyboardHelp => "Keys: Space play/pause · ←/→ previous/next event · Home/End · +/− speed",
            "快捷键：空格 播放/暂停 · ←/→ 上/下一个事件 · Home/End · +/− 速度";
        SigtermDefault => "as the image does", "按镜像的默认行为";
        SigtermExit => "exit at once", "立即退出";
        SigtermDrain => "drain, then exit", "排空连接后退出";
        SigtermIgnore => "ignore it", "忽略";
        Pod => "Pod", "Pod";
        // Share, embed and export (src/web/share.rs, export.rs).
        Share => "Share link", "分享链接";
        ShareTitle => "Share this state", "分享当前状态";
        CopyLink => "Copy link", "复制链接";
        CopyCode => "Copy code", "复制代码";
        Copied => "Copied to the clipboard.", "已复制到剪贴板。";
        CopyFallback => "No clipboard access: the text is selected, press Ctrl+C (⌘C) to copy it.",
            "无法访问剪贴板：文本已选中，请按 Ctrl+C（⌘C）复制。";
        LinkPrivate => "The whole state travels compressed in the link's #fragment; nothing is uploaded",
            "整个状态压缩后放在链接的 #片段 中，不会上传任何内容";
        MakingLink => "Making the link…", "正在生成链接…";
        StartAtPlayhead => "Start at the playhead", "从播放头位置开始";
        ShareTooLarge => "This state is too large for a link; download the YAML and share the file instead",
            "该状态太大，无法放入链接；请下载 YAML 并分享文件";
        PasteTooLarge => "Nothing was pasted: the text would be larger than 3 MiB (3145728 bytes), the most the API server accepts in one request, and so does podlife. Size of the text with the paste:",
            "未粘贴：文本将超过 3 MiB（3145728 字节），这是 API server 单个请求接受的上限，podlife 也一样。粘贴后的文本大小：";
        // An example or exercise file fetched from the site (src/web/mod.rs, exercise.rs).
        Loading => "Loading…", "正在加载…";
        LoadFailed => "Could not load this file from the site (offline, or not served with the page):",
            "无法从站点加载此文件（处于离线状态，或未与页面一同部署）：";
        LinkError => "This link could not be opened", "无法打开此链接";
        Close => "Close", "关闭";
        Seed => "Seed", "随机种子";
        SeedHelp => "Seed of the kubelet's jitter (probe offsets, sync delays); a seed in the Scenario wins",
            "kubelet 抖动的随机种子（探针偏移、同步延迟）；Scenario 中的 seed 优先";
        EmbedCode => "Embed code", "嵌入代码";
        EmbedTitle => "Embed in a documentation page (600×360 iframe)", "嵌入文档页面（600×360 iframe）";
        EmbedReadonly => "Read-only", "只读";
        EmbedAutoplay => "Play on load", "加载后自动播放";
        EmbedEditor => "Show the editor", "显示编辑器";
        Theme => "Theme", "主题";
        ThemeSystem => "as the system", "跟随系统";
        ThemeLight => "light", "浅色";
        ThemeDark => "dark", "深色";
        OpenInPodlife => "Open in podlife", "在 podlife 中打开";
        Export => "Export", "导出";
        ExportSvg => "Timeline as SVG", "时间线（SVG）";
        ExportPng => "Timeline as PNG", "时间线（PNG）";
        ExportJson => "Timeline JSON (simulate -o json)", "时间线 JSON（simulate -o json）";
        ExportDescribe => "kubectl describe Events at the playhead (.txt)", "播放头处的 kubectl describe 事件（.txt）";
        ExportWatch => "kubectl get pod -w at the playhead (.txt)", "播放头处的 kubectl get pod -w（.txt）";
        ExportYaml => "Effective spec (YAML)", "生效的 spec（YAML）";
        ExportFailed => "The export failed in this browser.", "此浏览器中导出失败。";
        // Large pods and hostile input (issue 7).
        ContainerTracks => "Container tracks in view:", "可见的容器轨道：";
        FilterContainers => "Filter containers by name", "按名称筛选容器";
        ContainersWord => "containers", "个容器";
        Simulating => "Simulating… (the previous result stays until the new one is ready)", "正在模拟…（新结果就绪前显示上一次的结果）";
        SimTooBig => "Not simulated in the page: this pod has more containers than the page simulates in a bounded time. The CLI simulates it (podlife simulate). Containers:",
            "未在页面中模拟：此 Pod 的容器数超过页面能在有限时间内模拟的数量。请使用命令行（podlife simulate）。容器数：";
        NotListed => "Not listed here (the timeline's track list has every container):", "此处未列出（时间线的轨道列表包含全部容器）：";
        DropTooLarge => "Nothing was dropped: the text would be larger than 3 MiB (3145728 bytes), the most the API server accepts in one request, and so does podlife. Size of the dropped text:",
            "未放入：文本将超过 3 MiB（3145728 字节），这是 API server 单个请求接受的上限，podlife 也一样。放入的文本大小：";
        DropUnreadable => "The dropped file could not be read as UTF-8 text.", "放入的文件无法作为 UTF-8 文本读取。";
        LinesNotShown => "Lines not shown here (Export → Effective spec has the whole document):",
            "此处未显示的行数（导出 → 生效的 spec 包含完整文档）：";
    }
}

/// The phrase in `lang`.
pub fn t(lang: Lang, key: T) -> &'static str {
    lookup(&T_TEXT.text, &T_TEXT.ends, key as usize * 2 + lang as usize)
}

phrases! {
    /// The phrases of the Rollout view and the Traffic panel (`src/web/rollout.rs`,
    /// `src/web/traffic.rs`), kept apart from [`T`] so that the two grow without touching each other.
    pub enum F in F_TEXT {
        Rollout => "Rollout", "滚动发布";
        RolledOut => "successfully rolled out at", "已成功完成发布，于";
        BeforeRollout => "before the rollout", "发布之前";
        RollingOut => "rolling out…", "发布进行中…";
        EndsComplete => "the rollout completes at", "发布完成于";
        EndsDeadline => "the rollout exceeds its progress deadline at", "发布超过进度期限，于";
        EndsWaiting => "the rollout is still waiting at the end of the run", "模拟结束时发布仍在等待";
        Replicas => "replicas", "个副本";
        Legend => "Legend", "图例";
        KeyStarting => "created, not Ready", "已创建，未就绪";
        Terminating => "terminating", "终止中";
        Created => "created", "创建于";
        LanesHelp => "One lane per pod, coloured by ReplicaSet; filled while Ready. Select a lane to show that pod in the pod views.",
            "每个 Pod 一条泳道，按 ReplicaSet 着色，就绪期间为实心。选择一条泳道即可在 Pod 视图中查看该 Pod。";
        PodLanes => "Pods of the workload over time", "工作负载的 Pod 随时间的变化";
        FleetEvents => "Deployment and ReplicaSet events", "Deployment 与 ReplicaSet 事件";
        NoEventsYet => "No events yet at the playhead.", "播放头处尚无事件。";
        EarlierEvents => "Earlier events not listed:", "未列出的更早事件：";
        NotSimulatedFleet => "Not simulated for the workload", "工作负载中未模拟的内容";
        PodViewsOf => "The pod views show", "Pod 视图显示";
        PodAlone => "the pod of the paste, simulated alone", "粘贴内容中的 Pod（单独模拟）";
        SimulatingFleet => "Simulating the workload and its clients…", "正在模拟工作负载及其客户端…";
        Traffic => "Traffic", "流量";
        AtPlayhead => "up to the playhead", "截至播放头";
        WholeRun => "whole run", "整个运行";
        Served => "served", "成功";
        Refused => "refused", "被拒绝";
        NoEndpoint => "of them with no endpoint", "其中无可用端点";
        Reset => "reset", "被重置";
        ToTerminating => "to terminating pods", "发往终止中的 Pod";
        Requests => "requests", "请求";
        FirstFailures => "First failures (select one to move the playhead there)", "首次失败（选择一项即可将播放头移到该时刻）";
        NoFailures => "No request failed.", "没有失败的请求。";
        ChartLabel => "Requests per second by outcome", "每秒请求数（按结果）";
        ChartText => "Per-second counts as text", "每秒计数（文本）";
        EndpointLanes => "Each pod as the EndpointSlice says and as kube-proxy sees it",
            "EndpointSlice 与 kube-proxy 眼中的每个 Pod";
        EndpointKey => "EndpointSlice", "EndpointSlice";
        ProxyKey => "kube-proxy", "kube-proxy";
        FailedKey => "failed requests", "失败的请求";
        Connections => "Long-lived connections", "长连接";
        Truncated => "A work bound was hit: the counts stop early.", "达到了计算上限：计数提前停止。";
        RolloutAt => "Rollout at", "发布时间";
        Rps => "Requests per second", "每秒请求数";
        ProxyDelay => "kube-proxy delay", "kube-proxy 延迟";
        RequestDuration => "Request duration", "请求时长";
        TrafficKnobs => "Rollout and traffic", "发布与流量";
        EpReady => "ready", "就绪（ready）";
        EpNotReady => "not ready", "未就绪";
        EpTermServing => "terminating, serving", "终止中，仍在服务（serving）";
        EpTerm => "terminating", "终止中（terminating）";
        SumRevision => "revision", "修订版本";
        SumNode => "node", "节点";
        SumUnschedulable => "none (unschedulable)", "无（无法调度）";
        SumNeverReady => "never Ready", "从未就绪";
        SumDeleted => "deleted", "删除于";
        SumGone => "gone", "消失于";
        LanesNotShown => "Pods not drawn here (podlife traffic lists every pod):",
            "此处未绘制的 Pod（podlife traffic 会列出全部 Pod）：";
        ConnOpened => "opened", "已建立";
        ConnClosed => "closed gracefully", "正常关闭";
        ConnOpenAtEnd => "open at the end", "结束时仍打开";
    }
}

/// A phrase of [`F`] in `lang`.
pub fn tf(lang: Lang, key: F) -> &'static str {
    lookup(&F_TEXT.text, &F_TEXT.ends, key as usize * 2 + lang as usize)
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

    #[test]
    fn phrases_are_found_by_key_and_language() {
        assert_eq!(t(Lang::En, T::Tagline), "What a kubelet does with your Pod, second by second.");
        assert_eq!(t(Lang::Zh, T::Tagline), "逐秒重现 kubelet 如何运行你的 Pod。");
        assert_eq!(t(Lang::Zh, T::LinesNotShown), "此处未显示的行数（导出 → 生效的 spec 包含完整文档）：");
        assert_eq!(tf(Lang::En, F::Rollout), "Rollout");
        assert_eq!(tf(Lang::Zh, F::ConnOpenAtEnd), "结束时仍打开");
        for i in 0..T_TEXT.ends.len() {
            assert!(!lookup(&T_TEXT.text, &T_TEXT.ends, i).is_empty(), "T text {i}");
        }
        for i in 0..F_TEXT.ends.len() {
            assert!(!lookup(&F_TEXT.text, &F_TEXT.ends, i).is_empty(), "F text {i}");
        }
    }
}
