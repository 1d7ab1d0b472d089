"""The Chinese of the command line's help and of click's own words, read by `cli.localize` when a run speaks
Chinese.

COMMANDS holds, by command (as typed: `policy monitor show`), the Chinese of the command's help (key "") and of
its options' (key: the option's longest name), each as (fingerprint of the English it translates, Chinese). A
help whose English changed no longer matches its fingerprint: it is shown in English, and
tests/test_help_zh.py names the entry and the new fingerprint. OPTIONS holds the options that read the same in
every command that has them; a command whose option says something else has its own entry in COMMANDS.
CLICK holds click's own words, by their gettext message id, and the placeholders of click's usage lines
(`[OPTIONS]`); CLICK_WORDS the words click fills its messages with (a Path's `File`).

Commands, options and file names stay as they are in English: the Chinese help names them so. The placeholders of
the usage lines and of the options' values, click's (`[OPTIONS]`, `FILE`, `TEXT`) and those the commands give
(`FILES...`, `INPUT`), are translated, one word to a kind of value (PLACEHOLDERS), and the Chinese help names
them by that word (`--errors 文件`). The example command lines are not here: they are the English ones, put
under the heading `示例：` when the help is shown, with the words a user types in their own language (a `--reason`)
in Chinese, as EXAMPLE_WORDS gives them.
"""

from __future__ import annotations

COMMANDS: dict[str, dict[str, tuple[str, str]]] = {
    "policy": {
        "": ("98fb9ec9", """
            把低收入人口救助政策写成数据：检查政策，认定家庭，解释和比较认定结果。

            \b
            示例：

            退出码：0 正常，1 有差异或未通过，2 用法或输入错误，3 内部错误（policy 程序的缺陷，请报告），
            130 已中断（Ctrl-C；被 SIGTERM 中断为 143，被 SIGHUP 中断为 129），141 标准输出被读取方关闭。
            """),
        "--lang": ("3b409bb3", "帮助、用法错误和各命令输出所用的语言（默认：按系统语言环境，否则为 zh）；"
                               "`policy --lang en 命令` 等同于 `policy 命令 --lang en`。"),
    },
    "policy check": {
        "": ("f9e447b9", """
            在认定家庭之前，检查政策文件（或整个文件夹）中的错误。

            一次报告全部问题，按位置排序：YAML 和结构错误、表达式语法、未知名称（附“是不是”提示）、
            单位和类型错误、未知的枚举值、循环引用、未使用的参数、不可能认定的类别。问题用 --lang
            指定的语言说明；JSON 输出保持英文，供工具读取，--lang zh 时另在 `zh` 下给出中文。

            检查整个文件夹（或同一文件夹中的几个文件）时，还会把各文件当作同一政策前后相接的各个版本来检查
            （`policy eval` 按日期从中选用）：有效期重叠、没有文件覆盖的日期（L008）；版本名称重复（L010）；
            取消类别的日期与之前各版本所示的不符（C039）；接续另一文件的施行期、换了 `id`，却引用同一文件（L011）。
            每个代码的说明和示例见 docs/errors.md。

            \b
            示例：
            """),
        "--format": ("0a543ba5", "text 供人阅读，json（列表，每个问题一个对象）供工具读取。"),
        "--strict": ("82077599", "把警告当作错误（退出码 1）。"),
    },
    "policy eval": {
        "": ("fdd623da", """
            认定家庭所属类别：JSON 文件、JSON Lines、用 - 表示的标准输入，或 `policy batch` 读取的导出数据
            （CSV 表格、Parquet、文件夹；格式见 docs/batch.md）。

            \b
            示例：

            示例中 policy/ 和 examples/ 以外的文件名代表您自己的文件。

            --household 按编号从导出数据中挑出家庭，每户的认定和解释与它单独写成 JSON 文件时完全相同。
            不给 --household 时，超过 10 户的 CSV、Parquet 或文件夹输入会被拒绝：请指明要认定哪几户，
            或用 `policy batch` 认定全部家庭。

            家庭文件中的问题用 --lang 指定的语言说明，每个问题标明所在的行和列（CSV 表格则标明所在的行，
            如 `members.csv:6`）和代码（见 docs/errors.md）。

            退出码：0 所有家庭都已认定，2 输入或政策有错误（每个错误都标明位置），或 --household
            给出的编号没有对应的家庭。
            """),
        "--household": ("6e927546", "只认定这个编号的家庭（要认定几户就给几次）：从 CSV 或 Parquet 导出、"
                                    "文件夹或 JSON Lines 中挑出，不把其他家庭读进内存。"),
        "--date": ("675ac158", "评估日期 YYYY-MM-DD（默认：家庭文件中的 `date`，没有则为今天）。"),
        "--explain": ("a0c3e953", "供存入案卷的完整记录：每个类别（认定与否）的每一条款、每个数值及其计算过程、"
                                  "规则原文和所在的政策文件行，以及救助措施；向家庭当面宣读请用 --brief 选项。"),
        "--brief": ("debe4054", "用简短的句子说明认定结果和理由，便于向家庭当面宣读：只讲数值、差距和政策条款，"
                                "不含计算过程、规则原文、编号和文件位置。"),
        "--format": ("e9e1916f", "text 供人阅读，markdown 用于存入案卷，json 供程序读取（见 docs/formats.md）。"),
        "--ignore-column": ("f5d1e7a9", "输入中没有政策读取的列（或字段），在家庭中略去，而不是拒绝，"
                                        "与 `policy batch --ignore-column` 的做法相同；可重复给出此选项，"
                                        "或用逗号分隔多个名称。"),
    },
    "policy schema": {
        "": ("20890af3", """
            打印 JSON Schema：`household`（接入系统必须发送的家庭数据）、`decision`（`policy eval --format json`
            打印、`policy batch` 以 JSON Lines 写出的认定结果，含解释）、`policy`，或 `cases`（`policy test`
            运行的测试用例文件）。

            家庭和认定结果的 Schema 属于某一份政策：其中是这份政策的输入字段、类别、数值和救助措施名称。

            \b
            示例：
            """),
        "--date": ("b7749498", "选用在这一天（YYYY-MM-DD）有效的政策。"),
    },
    "policy test": {
        "": ("5b0000e2", """
            运行政策测试用例（写有 `cases:` 的 YAML 文件；默认文件夹为 tests/cases）。

            \b
            示例：

            文字输出用 --lang 指定的语言；junit XML 保持英文，供 CI 系统读取。

            用例的家庭数据有效、但很可能有填写差错（同一条收入或支出写了两次、医疗费用没有写明成员、
            户主有两位或没有、数值超出合理范围）时，按所填数据认定，是否通过照常判断，并像 `policy eval`
            那样在用例文件或家庭文件中的相应行给出警告；最后一行统计有警告的用例数。

            用例的预期无法按所写的理解（写了政策或其家庭没有的类别、值、措施或成员，或写在了另一层级；
            `{…}` 里写了 `4,200.00`，YAML 会在逗号处把它拆开；数值带了单位，如 `19元`）时，该用例不运行：
            每个错误都在用例文件中的位置给出，并说明应怎样写；其他用例照常运行。

            退出码：0 全部通过，1 有用例未通过或没有找到用例，2 有文件无法作为用例文件读取、政策有错误（每个问题都
            标明位置，与 `policy check` 的报告相同；该文件或该政策的用例不运行）、有用例的预期写法有误，或用法错误。
            """),
        "--format": ("94a20378", "text 供人阅读，junit 输出 XML 供 CI 系统读取。"),
        "--coverage": ("675a3ede", "按政策报告用例覆盖了多少种条款结果和救助帮扶措施 `when` 条件的结果"
                                   "（每个成立和不成立各算一种），并列出从未成立或从未不成立的条款和条件。"),
        "--verbose": ("7f4c1bfc", "也列出通过的用例；与 --coverage 同用时列出每个条款和条件。"),
    },
    "policy sample": {
        "": ("c57ff53b", """
            生成逼真的模拟家庭数据，用于政策比较、批量认定和性能测试。

            各项分布见 docs/sample.md：大多数家庭不属于任何类别，每二十户中有一户的收入落在已发布政策
            某条收入标准附近。每户的日期都是 --date 给出的日期。CSV 表格和 Parquet 的列取自 --date 当天有效的政策
            （或 `--policy 文件`）；政策的输入项与随附政策不同时，家庭数据按该政策的输入项调整（JSON Lines
            须给出 `--policy 文件`），该政策自有的每种收入或支出类型各有约十分之一的家庭得到一条记录，并有提示
            说明调整了什么。--lang 决定标准错误上提示信息的语言；家庭数据
            本身与语言无关。

            \b
            示例：

            Parquet 需要 pyarrow，只运行 `pip install -e .` 不会安装它：请在代码库中运行
            `pip install -e '.[parquet]'`。
            """),
        "--n": ("b7d88149", "生成多少户家庭。"),
        "--seed": ("51f8e24a", "随机种子：种子相同，生成的家庭就相同（0 或更大）。"),
        "--date": ("f6837fe1", "家庭数据所描述的日期：成员年龄算到这一天，并写作每户的 `date`，"
                               "因此 eval、batch 和 monitor 都按这一天认定（除非用 --date 另给日期）。"),
        "--output": ("79a4f246", "写到这里（完整写入），而不是标准输出；CSV 表格则写到这个文件夹（没有时会新建）。"),
        "--format": ("4e5ed871", "jsonl、csv（`policy batch` 读取的表格，写到 -o 文件夹中）或 parquet  "
                                 "[默认：-o 以 .parquet 结尾时为 parquet，以 .csv 结尾时为 csv，否则为 jsonl]。"),
    },
    "policy batch": {
        "": ("f343d903", """
            认定输入中的每户家庭，每户一条认定结果，写到输出（-o）。

            输入可以是 JSON Lines 文件（或用 gzip、bzip2、xz、zstd 压缩的）、装有 JSON 和 JSON Lines
            文件的文件夹（压缩与否均可）、装有 households.csv 和 members.csv（以及 lines.csv；压缩与否均可）
            的文件夹，或 Parquet：一个文件或一个分片文件夹，分区文件夹也可以（各种布局见 docs/batch.md）；
            用 --engine spark 时，可以是 Spark 能读取的任何文件系统上的 JSON Lines 或 Parquet。输入写 `-`
            表示从标准输入读取 JSON Lines（压缩与否均可），`-o -` 表示边认定边把 JSON Lines 或 CSV 写到
            标准输出（这时错误记录写到标准错误，或写到 `--errors 文件`）；这两种情况都不能续跑。
            输出顺序与输入顺序相同；每行 JSON 就是 `policy eval --format json` 给出的认定结果，
            其 JSON Schema 由 `policy schema decision` 打印。错误记录不会中断运行：它们连同位置说明写入
            错误文件。中断的运行（Ctrl-C、调度程序发出的 SIGTERM、终端关闭时的 SIGHUP、崩溃）不会留下
            输出文件；`--resume` 接着运行，得到的文件与没有中断时逐字节相同。运行结束时打印汇总，
            以及各类别的家庭数（成员数）。

            \b
            示例：

            示例中 policy/ 以外的文件名代表您自己的文件。Parquet（输入或输出）需要 pyarrow，只运行
            `pip install -e .` 不会安装它：请在代码库中运行 `pip install -e '.[parquet]'`。

            退出码：0 所有家庭都已认定，1 使用 --only-changed 时：有认定结果发生变化，2 有错误记录
            （见错误文件）或用法错误，130 已中断（不写输出；--resume 可接着运行；被 SIGTERM 中断为 143，
            被 SIGHUP 中断为 129），141 使用 -o - 时：
            标准输出在结束前被关闭（`| head`）。
            """),
        "--output": ("d7c23aab", "每户一条认定结果，写到哪里（完整写入）；- 表示标准输出。文件名以 .gz、.bz2、.xz "
                                 "或 .zst 结尾时压缩写出（如 decisions.jsonl.gz）。"),
        "--explain": ("802d7a8d", "为每条认定结果附上解释（使用精确引擎；较慢；每户约 50 KB，输出以 .zst "
                                  "命名时约为其三十分之一）。"),
        "--brief": ("d839836d", "附上 `brief`：供宣读的简短说明，与 `policy eval --brief` 的说法相同"
                                "（使用精确引擎；字节数约为 --explain 的五分之一）。"),
        "--errors": ("8f317132", "错误记录写到哪里，每条一行 JSON（以 .gz 等结尾时压缩写出）  "
                                 "[默认：输出.errors.jsonl]。"),
        "--jobs": ("1f75ef8c", "工作进程数  [默认：CPU 核数]。"),
        "--resume": ("a8fe647b", "根据运行日志，接着运行被中断的那次批量认定。"),
        "--only-changed": ("c5d0a1f7", "只写出认定结果与这份早先输出（JSON Lines 或 Parquet）不同的家庭。"),
        "--engine": ("27cf24b5", "fast：编译后的按列程序，在每条标准附近改用精确计算；exact：逐户精确计算；"
                                 "spark：在 Apache Spark 上运行 fast 引擎（JSON Lines 或 Parquet；需要 Java，"
                                 "并在仓库中运行 pip install -e '.[spark]'）。"),
        "--spark-master": ("4beedb99", "与 --engine spark 同用：在哪个集群上运行（local[*]、yarn、"
                                       "spark://host:7077 等）。"),
        "--format": ("410923bc", "输出格式  [默认：按输出的后缀：.csv、.parquet，否则为 jsonl；"
                                 "有 .gz 之类的压缩后缀时看它前面的后缀]。"),
        "--summary": ("7041c6a4", "另把本次运行的汇总写成 JSON：文件、引擎、政策、计数、各类别统计和退出码"
                                  "（运行结束时完整写入）。"),
        "--progress-every": ("2eb3e2e3", "标准错误不是终端时（调度程序的日志、文件）没有进度条：每隔所给的秒数"
                                         "（如 60）输出一行进度，含已完成数、速度和剩余时间；在 Spark 上为已用时间和"
                                         "已完成的任务数  [默认：不输出]。"),
        "--chunk-size": ("9f60b63c", "每块的家庭数  [默认：用 --explain 或 --brief 时为 500，exact 为 2000；"
                                     "fast：读 Parquet 时为 25000，否则为 5000]。"),
        "--ignore-column": ("e7eb3b47", "输入中没有政策读取的列（导出附带的 `phone`、成员的 `name`；组内字段写作 "
                                        "`assets.note`），在每户中略去，而不是拒绝整个输入；可重复给出此选项，"
                                        "或用逗号分隔多个名称。政策读取的列不能忽略。"),
    },
    "policy diff": {
        "": ("66313ce1", """
            按含义逐节比较两个政策版本，两边都标明文件和行号。

            重新缩进、改引号或调整键的顺序都不算改动：规则按解析后的表达式比较。标签的改动会列出，
            并标为措辞改动。使用 --households 时，每户家庭在 `policy batch` 认定它的那一天（用 --date 给出的日期，否则是
            它自带的 `date`，再否则是今天）按两个版本分别认定，类别发生变化的家庭用引起变化的改动来解释
            （每项改动单独应用到旧政策上）。数据很可能有疏漏的家庭（H009 至 H013）在报告中按类计数，
            每类列出前几户；--warnings 写出的文件中有全部警告。

            \b
            示例：

            示例中 policy/ 和 examples/ 以外的文件名代表您自己的文件。

            退出码：0 两个版本相同，1 两者不同（措辞改动也算），2 政策错误或用法错误（每个都标明位置）。
            有问题的家庭记录会报告并计数，但不会中止比较。
            """),
        "--households": ("9dc777a6", "按两个版本分别认定的家庭：JSON Lines、JSON 文件、JSON 文件的文件夹、CSV 表格"
                                     "（装有 households.csv 和 members.csv 的文件夹，压缩与否均可）、Parquet（一个文件"
                                     "或分片文件夹）或压缩的 JSON Lines，与 `policy batch` 能读取的相同；"
                                     "- 表示从标准输入读取 JSON Lines。"),
        "--date": ("48a641be", "所有家庭的评估日期 YYYY-MM-DD，不看家庭自带的 `date`，与 `policy batch` 相同"
                               "（默认：各户自带的 `date`，否则为今天）。"),
        "--witness": ("706b1fe8", "在标准附近搜索（每次只改一个家庭字段），为搜索遇到的每种类别变化找一户简单的"
                                  "示例家庭，并按两个版本核对；给出 --households 时，没有示例家庭的类别变化都会列出，"
                                  "并给出第一户这样变化的家庭。"),
        "--html": ("4dd5efb0", "另把独立的 HTML 报告写到这里（完整写入）。"),
        "--warnings": ("eefb5ef4", "与 --households 同用：另把关于家庭数据的全部警告（重复的条目、没有写明成员的"
                                   "支出条目等）写到这里，每户有警告的家庭一行 JSON，与 `policy batch` 写错误文件的"
                                   "方式相同（完整写入；以 .gz 等结尾时压缩写出）；报告按类计数并列出前几户。"),
        "--ignore-column": ("a976bbf9", "与 --households 同用：家庭数据中没有政策读取的列（或字段），在每户中略去，"
                                        "而不是拒绝，与 `policy batch --ignore-column` 的做法相同；可重复给出此选项，"
                                        "或用逗号分隔多个名称。"),
        "--show": ("e378f963", "text 和 markdown 输出中列出多少户有变化的家庭、多少行无法评估的记录（0：全部；"
                               "JSON 和 HTML 报告总是全部列出）。"),
        "--format": ("803b4930", "text 供人阅读，markdown 用于报告，json 供程序读取。"),
    },
    "policy doc": {
        "": ("d14fd24d", """
            把政策写成便于阅读的 markdown 文档，供审计人员和经办人员使用。

            文档包括：标题、有效期和依据文件；参数表，列出取值、单位、依据和“地方取值待确认”标记；
            家庭输入项；哪些收入计入（按多少比例）、哪些不计入，哪些支出属于刚性支出；声明了合理范围的数值
            及其范围和提示；定义和指标及其公式；
            每个类别的编号条款（用通俗的话写，旁边附规则和依据）；已取消的类别；按部门列出的救助措施；
            以及办理时限。

            \b
            示例：

            退出码：0 已写出，2 政策有错误（每个都标明位置）或文件无法写入。
            """),
        "--output": ("d29ce09a", "把文档写到这个文件（完整写入），而不是标准输出。"),
    },
    "policy monitor": {
        "": ("b93d0fd9", """
            长期跟踪家庭：快照、提醒和审核时限。

            台账（一个 SQLite 文件）保存每户家庭的每个快照，以及当时的认定结果和所用的政策；
            台账中的任何记录都不会被覆盖或删除。工作流程见 docs/monitor.md。

            \b
            示例：

            示例中的文件名代表您自己的文件，DS-0001、DS-0010、DS-0016 代表您台账中的家庭；各示例按所列顺序运行。
            """),
    },
    "policy monitor ingest": {
        "": ("64ac1347", """
            把家庭快照连同认定结果记入台账：每个文件作为一个整体记入。

            每个文件是一户家庭（JSON）、一个 JSON 数组或 JSON Lines，压缩与否均可（gzip、bzip2、xz、zstd）；
            文件夹表示其中的 *.json 和 *.jsonl 文件，包括压缩的；若其中有 households.csv 和 members.csv
            （以及 lines.csv），则表示这些 CSV 表，与 `policy batch` 的读法相同（把其中的 households.csv
            作为文件给出也一样）；- 表示从标准输入读取。错误记录会标明位置
            报告出来（用 --lang 指定的语言，与 `policy eval` 的说法相同），然后跳过并计数（用 --strict 时
            则撤销整个文件）。若 --policy 指定的政策在记录的日期不在施行期内（假设情形），除非加 --what-if
            确认，否则撤销该文件。因其他原因失败的文件不会改动台账。
            与已有快照完全相同（同一家庭、日期、政策和数据）的快照不会重复记录。

            \b
            示例：

            示例中的文件名代表您自己的文件。

            退出码：0 全部记录都已记入，2 有错误记录或输入错误（每个都标明位置）、假设情形未用 --what-if
            确认，或政策文件改了内容却没有另起版本名称。
            """),
        "--strict": ("bc749913", "有一条错误记录就撤销整个文件（默认：跳过并计数）。"),
        "--what-if": ("787ae871", "即使 --policy 指定的政策在快照的日期不在施行期内（假设情形），也记录这些快照。"),
        "--jobs": ("7a2cc69d", "认定家庭的工作进程数  [默认：CPU 核数]。"),
        "--ignore-column": ("b5cf1886", "输入中没有政策读取的列（或字段），在每户及其快照中略去，而不是拒绝，"
                                        "与 `policy batch --ignore-column` 的做法相同；可重复给出此选项，"
                                        "或用逗号分隔多个名称。"),
    },
    "policy monitor alerts": {
        "": ("e637846b", """
            列出窗口需要处理的事项：情况有变化的家庭和申请的办理时限。

            start：新符合条件（协助申请，提醒中给出 `apply` 命令；认定后开始救助）；
            exit：不再属于任何类别（停止救助；仍在台账中，数据有变化会提醒）；
            move：类别有变化；near：离某个类别的认定标准不到 --margin 给出的距离；overdue 和 due_soon：未办结的申请。
            变化提醒比较每户最近两次快照，说明哪些数值变了、哪些条款的结果变了。

            \b
            示例：

            退出码：0 已列出提醒（或没有提醒），2 用法错误。
            """),
        "--since": ("18e2cf83", "只列出最近一次快照的日期在这一天或之后的家庭。"),
        "--today": ("7e4e1635", "从哪一天起计算时限  [默认：今天]。"),
        "--due-within": ("e7c1cd32", "列出应办结日期不晚于 --today 加这么多个自然日的申请（7：到下周同一天为止）。"),
        "--kind": ("738f5154", "只列出这些种类（可重复给出）  [默认：全部]。"),
        "--format": ("643d8bf6", "text 供窗口阅读，markdown 用于报告，json 或 csv 供其他工具读取。"),
        "--output": ("c5034821", "写到这里（完整写入），而不是标准输出。"),
    },
    "policy monitor show": {
        "": ("22806051", """
            查看一户家庭的历史记录，并解释以往任何一次认定。

            --explain 用当时记录的家庭数据和政策版本，重演所选快照（最近一次，或 --date 当天有效的那次）的
            认定；如果政策文件后来改过，会说明这一点，并使用台账中保存的副本。

            \b
            示例：

            退出码：0 已显示，1 重演的认定结果与记录的不同，2 没有这户家庭或用法错误。
            """),
        "--date": ("3f3d1678", "这一天有效的快照（日期在这一天或之前的最近一次）。"),
        "--explain": ("98eb561c", "用当时的政策重演那次认定，并加以解释。"),
        "--format": ("069bbc8f", "text 供人阅读，markdown 用于存入案卷，json 供程序读取。"),
    },
    "policy monitor reassess": {
        "": ("fd01f17c", """
            按新的政策版本，重新认定每户家庭的最近一次快照。

            新的认定结果作为快照记入台账（整体记入），并列出这次切换的提醒：哪些家庭开始救助、退出救助
            或在类别之间变动，以及原因。六类过渡到五类，就是这样在实际台账上推行的。

            快照永久保存，作废后也仍留在台账中（一次重新认定可以用 `policy monitor void --ingest` 加它的编号一并作废）：
            若本次会记录日期晚于今天的快照，或按认定日期不在施行期内的政策
            认定的快照，除非加 --after-today 或 --what-if 确认，否则拒绝执行（可先用 --dry-run 查看）。

            \b
            示例：

            退出码：0 所有家庭都已重新认定，2 有家庭无法重新认定（每个都标明位置）、因缺少 --what-if 或
            --after-today 而拒绝执行、政策文件改了内容却没有另起版本名称，或用法错误。
            """),
        "--policy": ("330eff3a", "用来认定每户家庭的新政策版本。"),
        "--date": ("41ffc623", "重新认定的日期  [默认：逐户取最近快照的日期与政策生效日期中较晚的一个]。"),
        "--dry-run": ("8e6c5586", "只显示提醒，不记入台账。"),
        "--what-if": ("48a861f7", "即使政策在所认定的日期不在施行期内（假设情形），也记录这些快照。"),
        "--after-today": ("294314a8", "即使快照的日期晚于今天，也记录这些快照。"),
        "--format": ("98ce75e8", "text、markdown、json 或 csv。"),
        "--output": ("c3e341f0", "把提醒写到这里（完整写入），而不是标准输出。"),
    },
    "policy monitor apply": {
        "": ("0d1000bd", """
            登记一份申请，并按中国的工作日计算审核期限。

            期限取自申请日有效政策的 `process` 一节（已发布的政策为 25 个工作日，特殊情况 40 个），
            从申请日之后按官方日历计算：节假日不算，调休上班日照算。`policy monitor alerts` 会列出
            逾期和即将到期的申请。

            期限取自申请日有效的政策：来自 `--policy`、`--policy-dir` 或这里的 policy/ 文件夹；三者都没有时，
            从台账保存的政策版本中选取（会有一条注意说明用的是哪个）。

            台账中必须有这户家庭的快照：台账不认识的编号会被拒绝（把 DS-0001 写成 DS-001 是笔误，
            错误信息会说出应为哪个编号），没有台账的文件夹也会被拒绝。在家庭第一次有快照之前提出的申请，
            用 --new 登记；但编号若就是台账中某户的编号，只是大小写、分隔符、全角半角或数字前补零不同
            （把 DS-0002 写成 ds-0002、DS-00002），那也是笔误，同样会被拒绝，并说出是哪一户。快照都已作废的
            编号算作没有快照。申请日期晚于今天会被拒绝（年、月或日录错了）；误录的申请用
            `policy monitor void 家庭编号 --date 日期 --application --reason 原因` 作废。

            期限落在已安装日历尚未覆盖的年份时，按该年的周一至周五计算，并警告这一日期可能变动；国务院公布
            当年节假日安排后，把它抄到一个文件里，用 `--calendar`（或 $POLICY_CALENDAR）指定，
            `policy monitor alerts` 会按它重新计算期限。

            \b
            示例：

            holidays-2027.yaml 代表您自己抄录的国务院节假日安排。

            退出码：0 已登记，2 用法错误（没有台账、家庭没有快照又没给 `--new`、编号是台账中某户编号的另一种
            写法、日期晚于今天、已有未办结的申请、政策没有 process 一节、政策文件改了内容却没有另起版本
            名称、日期早于日历的第一年）。
            """),
        "--date": ("8996b1cd", "申请日期 YYYY-MM-DD。"),
        "--special": ("99ac3804", "特殊情况：适用政策中较长的期限。"),
        "--new": ("03d19ac4", "台账中还没有这户家庭的快照：先有申请，后有数据。"),
        "--today": ("68cd5fc3", "登记的日期：申请日期不能晚于这一天  [默认：今天]。"),
    },
    "policy monitor close": {
        "": ("7732743c", """
            登记一户家庭未办结的申请已经办结。

            \b
            示例：

            DS-0001 代表您台账中的一户家庭；各示例按所列顺序运行。

            办结日期晚于今天会被拒绝（年、月或日录错了）：办结日期记录后无法更正。

            退出码：0 已登记，2 没有未办结的申请（如果相近的编号有未办结的申请，错误信息会说出这个编号）、
            日期晚于今天、没有台账，或用法错误。
            """),
        "--date": ("dfe9d300", "申请办结的日期 YYYY-MM-DD。"),
        "--today": ("09d496ed", "登记的日期：办结日期不能晚于这一天  [默认：今天]。"),
    },
    "policy monitor leave": {
        "": ("257c47e1", """
            记录一户家庭离开台账：迁往其他乡镇，或已去世。

            不会删除任何内容：离开连同原因、记录人和时间记在这户家庭的历史旁边，`show` 会列出。
            此后不再为它提醒——不提醒变化、不提醒接近标准，也不再计算它未办结申请的期限——
            `reassess` 不再重新认定它，它不在的导出也不再把它算作缺失。导入它在那一天之后的记录，它就回到台账中。
            记错了户的离开记录，用 --undo 加上它的日期和原因撤销：这户家庭的提醒和期限恢复原样。

            \b
            示例：

            DS-0016 代表您台账中的一户家庭；各示例按所列顺序运行。

            退出码：0 已记录（`--undo`：已撤销），2 没有台账、没有这户家庭、日期晚于今天或早于它最近一次快照、
            已经离开（`--undo`：那一天没有离开记录，或已经撤销）、没有写明原因，或用法错误。
            """),
        "--date": ("1b326c25", "这户家庭离开的日期 YYYY-MM-DD。"),
        "--reason": ("5cf3f7fd", "离开的原因（迁往其他乡镇、去世），加 --undo 时为撤销离开记录的原因（记错了户）："
                                 "和记录一起永久保存，`show` 会显示。"),
        "--by": ("f4699896", "记录人  [默认：当前账户的登录名]。"),
        "--today": ("f4b5ad0d", "登记的日期：离开日期不能晚于这一天（不能与 --undo 一起使用）  [默认：今天]。"),
        "--undo": ("b1df2efa", "撤销那一天记错了户的离开记录：它的提醒和期限重新计入。"),
    },
    "policy monitor void": {
        "": ("0a34c57b", """
            作废一条记错的快照：日期录错，或记成了别的家庭的数据。

            不会删除任何内容：作废连同原因、作废人和时间记在快照旁边，`show` 列出这条快照时标明已作废。
            此后台账就当它不存在：这户家庭最近一次快照、它的提醒和 `reassess` 都不再算它，
            改正后的记录也可以按原来的日期记入。这户家庭在那一天的快照都会作废（它们的数据相同），
            或者只作废 --snapshot 指定的那一条；由它重新认定的快照（数据与它相同）也一并作废
            （注意中给出改正后的记录导入后重新认定所用的 `reassess` 命令）。

            作废错了，用 --undo 撤销，并写明原因：撤销记在作废旁边，作废仍留在 `show` 列出的历史中，
            这条快照重新计入（以后还可以再次作废）。如果那一天另有一条数据不同、仍然有效的快照，
            撤销会被拒绝：请先作废那一条。

            导入时 --date 给错了的整份导出（导入时会警告）用 --ingest 加导入的编号一次作废，
            编号由导入的汇总和警告给出（`导入 #7`），`policy monitor show` 也会在每条快照旁列出：
            这次导入记录的每条快照都会作废，各自记下原因，并且保留；用 --undo 撤销这些作废。
            再加 --date 时，只作废（或撤销）它在那一天的快照。
            重新认定与导入按同一序列编号（`重新认定 #8`，见它的汇总和 `show`），也这样一次作废。

            误录的申请（`policy monitor apply` 的日期录错了）用 --application 作废，--date 为它的申请日期：
            作废连同原因记在申请旁边，`show` 把它另行列出；它不再是未办结的申请，不会出现在提醒中，
            正确的申请可以重新登记。

            \b
            示例：

            各示例在有 DS-0001、DS-0002、DS-0010 这几户的台账上按所列顺序运行（它们代表您台账中的家庭）：
            第一行就是第二行所作废的笔误（DS-0001 的家庭文件把 2026 年录成了 2062 年；household.json
            代表您自己的文件），第五行登记的就是第六行所作废的申请，第七行作废第一行所记录的全部快照，
            即它的那次导入（台账此前只导入过一次时是 #2；在您的台账上，请换成第一行的汇总给出的编号：
            `导入 #编号（household.json）`），最后一行撤销其中日期为 2062-03-01 的快照的作废。

            退出码：0 已作废（或已撤销作废），2 没有台账、没有这户家庭（用 --ingest 时：没有这次导入，
            或它没有记录快照、没有那一天的快照）、那一天没有快照（用 --application 时：没有申请）、
            已经作废过（用 --undo 时：没有作废，或那一天另有一条有效的记录），或用法错误。
            """),
        "--date": ("3c58274c", "记错的快照的日期 YYYY-MM-DD（用 --ingest 时：只作废这次导入在这一天的快照）。"),
        "--reason": ("728af083", "作废的原因（用 --undo 时：撤销作废的原因）：和快照一起永久保存，`show` 会显示。"),
        "--snapshot": ("3e9d1158", "只作废这一条快照（`policy monitor show` 中的 # 编号），用于那一天有多条快照时。"),
        "--by": ("0293993c", "作废人，或撤销作废的人  [默认：当前账户的登录名]。"),
        "--undo": ("08c69db3", "撤销那条快照错误的作废：它重新计入。"),
        "--application": ("d2e6285f", "改为作废 --date 那天误录的申请（日期录错了）。"),
        "--ingest": ("5ca03013", "改为作废这次导入记录的全部快照（导入编号：导入的汇总和警告会给出，"
                                 "`policy monitor show` 也在每条快照旁列出），"
                                 "用于 --date 给错了的整份导出；也可以是这次重新认定（与导入按同一序列编号）。"),
    },
}

# the quoted words of the English examples a Chinese user would type in Chinese, by the English
EXAMPLE_WORDS: dict[str, str] = {
    '"date entered wrongly"': '"日期录错"',
    '"wrong id: DS-0100\'s data"': '"编号录错，是 DS-0100 的数据"',
    '"voided by mistake"': '"作废错了"',
    '"year mistyped"': '"年份录错"',
    '"month mistyped: 2026-01-03"': '"月份录错，应为 2026-01-03"',
    '"the whole file dated 2062 for 2026"': '"整份文件把 2026 年录成了 2062 年"',
    '"moved to another township"': '"迁往其他乡镇"',
    '"wrong household"': '"记错了户"',
}

OPTIONS: dict[str, tuple[str, str]] = {
    "--lang": ("3e702106", "标签和语句所用的语言（默认：按系统语言环境，否则为 zh）。"),
    "--policy": ("27a0b37a", "不论施行期，按这份政策认定（用于假设测算）；默认：现行政策。"),
    "--policy-dir": ("8c853599", "现行政策所在的文件夹。"),
    "--date": ("1671cb45", "评估日期 YYYY-MM-DD（默认：每户的 `date`，没有则为今天）。"),
    "--db": ("190f747b", "台账文件（SQLite）  [默认：当前文件夹的 policy-register.sqlite3，或 $POLICY_REGISTER]。"),
    "--margin": ("992df9d3", "离认定标准多近算接近（按标准的比例）；0% 表示不做接近提醒。"),
    "--rename-column": ("56f9c8b0", "CSV 表中用导出系统自己的说法写的表头，按它存放的列读取（`存款=assets.deposits`；"
                                    "只对一张表：`members.csv:户编号=household`）；可重复给出此选项，或用逗号分隔多对。"
                                    "文件本身不会改动。"),
    "--rename-value": ("7679ca49", "用导出系统自己的说法写的取值（CSV 单元格，或 JSON、Parquet 的字段），按它代表的"
                                   "取值读取（`户主=head`、`否=false`；只对一列：`sex:男=male`）；可重复给出此选项，"
                                   "或用逗号分隔多对。文件本身不会改动。"),
    "--calendar": ("9d19f668", "已安装日历尚未覆盖的年份的国务院节假日安排，照公布的通知抄录（YAML；见 "
                               "docs/monitor.md）  [默认：$POLICY_CALENDAR]。"),
}

CLICK: dict[str, str] = {
    # the help
    "Usage:": "用法：",
    "[OPTIONS]": "[选项]",  # not gettext's: the placeholders of a usage line (`cli.localize.Command`)
    "COMMAND [ARGS]...": "命令 [参数]...",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "(dynamic)": "（动态）",
    "deprecated": "已停用",
    # usage errors
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "No such option {name!r}.": "没有 {name!r} 这个选项。",
    "No such option: {name}": "没有 {name} 这个选项。",  # click before 8.2
    "Did you mean {possibility}?": "是不是 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "是不是其中之一：{possibilities}？",
    "No such command {name!r}.": "没有 {name!r} 这个命令。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Got unexpected extra argument ({args})": "多出了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多出了参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面要给一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 后面要给 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 后面不能给值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 要给 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "要给 {nargs} 个值，但只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "要给 {nargs} 个值，但给了 {len} 个。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是可选的值（{choices}）。",
    "Choose from:\n\t{choices}": "请选其中之一：{choices}",  # the choices on one line: cli.localize
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 超出了允许的范围（{range}）",  # the range in words: cli.localize
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是非值，可以写：{states}",
    "{value!r} is not a valid UUID.": "{value!r} 不是有效的 UUID。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合 {formats} 中的任何一种格式。",
    # a Path's {name} is click's English `File`, `Directory` or `Path`, left out where the Chinese says what is wrong
    # without it (one that is not there is said by cli.localize.missing_path, in either language)
    "{name} {filename!r} is a file.": "{filename!r} 是文件，这里要的是文件夹。",
    "{name} {filename!r} is a directory.": "{filename!r} 是文件夹，这里要的是文件。",
    "{name} {filename!r} is not readable.": "没有读取 {filename!r} 的权限。",
    "{name} {filename!r} is not writable.": "没有写入 {filename!r} 的权限。",
    "{name} {filename!r} is not executable.": "{filename!r} 不能执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Aborted!": "已中止！",
}

# the words click puts into its messages as its types were made, in English (`cli.localize._NAMING`)
CLICK_WORDS: dict[str, str] = {
    "File": "文件",
    "Directory": "文件夹",
    "Path": "文件或文件夹",
    "integer": "整数",
    "integer range": "整数",
    "float": "数",
    "float range": "数",
}

# the words of the placeholders of usage lines and options' values (`[PATHS]...`, `--policy FILE`, `OLD=NEW`,
# `cli.localize.placeholder`), one to a kind of value: click's, by the type of the value, then the commands' own
PLACEHOLDERS: dict[str, str] = {
    "FILE": "文件",
    "FILES": "文件",
    "PATH": "路径",
    "PATHS": "路径",
    "DIRECTORY": "文件夹",
    "DIR": "文件夹",
    "TEXT": "文本",
    "INTEGER": CLICK_WORDS["integer"],
    "FLOAT": CLICK_WORDS["float"],
    "INPUT": "输入",
    "POLICY.yaml": "政策文件",
    "OLD": "旧政策",
    "NEW": "新政策",
    "HOUSEHOLD": "家庭编号",
    "ID": "编号",
    "NAME": "列名",
    "OLD=NEW": "旧=新",
    "SECONDS": "秒数",
    "OUTPUT": "输出",
    "D": "日期",
    "N": "整数",
    "NUMBER": "编号",
    "REASON": "原因",
    "SEED": "种子",
    "URL": "地址",
    "PERCENT": "百分比",
    "PERSON": "姓名",
}
