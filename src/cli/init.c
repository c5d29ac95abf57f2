/*
 * init.c - `svcgen init`: the files of a new department, and writing them
 * below the folder's descriptor so that nothing there is overwritten and
 * no link is followed (docs/ci.md; docs/architecture.md, "Opening files
 * below a folder"). The CI and pre-commit snippets are the ones docs/ci.md
 * documents.
 */
#include "cli/init.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "base/msg.h"
#include "base/util.h"
#include "cli/json_schema.h"
#include "load/source.h"
#include "model/config.h"
#include "model/diag.h"
#include "model/metric.h"
#include "model/schema.h"

/*
 * svcgen's own sources, for the pre-commit hook (.pre-commit-hooks.yaml at
 * their top) and for CI to build svcgen from: set at build time with
 * EXTRA_CFLAGS='-DSVCGEN_URL="..."' (docs/ci.md, "Where svcgen comes from").
 */
#ifndef SVCGEN_URL
#define SVCGEN_URL "https://github.com/svcgen/svcgen"
#endif
#define SVCGEN_REV "v" SVCGEN_VERSION

/* How many entries of a folder that is not empty the refusal names. */
#define PRESENT_MAX 8

/* A scalar as YAML reads it as a string: plain when that is safe, else double-quoted. */
static void
S_yaml_str(struct buf *b, const char *s)
{
	const unsigned char *p;
	int plain = *s && !strchr("-?:,[]{}#&*!|>'\"%@`+0123456789 .~", *s);

	for (p = (const unsigned char *)s; *p && plain; p++)
		plain = *p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		        (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.';
	if (plain && strcmp(s, "true") && strcmp(s, "false") && strcmp(s, "null")) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(b, '\\');
		buf_addc(b, (char)*p);
	}
	buf_addc(b, '"');
}

static void
S_yaml_list(struct buf *b, const char *key, const struct strlist *l)
{
	size_t i;

	buf_addf(b, "%s: [", key);
	for (i = 0; i < l->n; i++) {
		if (i)
			buf_adds(b, ", ");
		S_yaml_str(b, l->v[i]);
	}
	buf_adds(b, "]\n");
}

/* What each metric is, for the comment beside its target. */
static const char *
S_metric_note(const char *name)
{
	static const char *const notes[][2] = {
	    {"follow_up_rate", "保修期内回访率 % / closed in-warranty services followed up, %"},
	    {"satisfaction_rate", "服务满意率 % / reached visits rated satisfied, %"},
	    {"parts_accuracy", "配件出货正确率 % / correct shipment lines, %"},
	    {"arrival_hours", "到场时间中位数（小时）/ median hours to arrive on site"},
	    {"resolution_hours", "解决时间中位数（小时）/ median hours to resolve"},
	    {"first_time_fix_rate", "一次修复率 % / repairs fixed the first time, %"},
	    {"complaint_close_days", "投诉解决天数中位数 / median days to resolve a complaint"},
	    {"closed_loop_rate", "投诉闭环率 % / closed complaints confirmed satisfied, %"},
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(notes); i++)
		if (!strcmp(notes[i][0], name))
			return notes[i][1];
	return "";
}

/* svcgen.yaml's targets: those with a default, then the others commented out. */
static void
S_config_targets(const struct config *c, struct buf *b)
{
	int i;

	for (i = 0; i < METRIC__COUNT; i++)
		if (c->has_target[i])
			buf_addf(b, "  %s: %-*g # %s\n", metric_names[i],
			         (int)(26 - strlen(metric_names[i])), c->targets[i],
			         S_metric_note(metric_names[i]));
	buf_adds(b,
	         "  # 以下没有默认目标，可以设定 / these have no default target and may be set:\n");
	for (i = 0; i < METRIC__COUNT; i++)
		if (!c->has_target[i])
			buf_addf(b, "  # %s:%*s # %s\n", metric_names[i],
			         (int)(25 - strlen(metric_names[i])), "",
			         S_metric_note(metric_names[i]));
}

/* The ids of the rules that are warnings by default, in a comment wrapped before 80 columns. */
static void
S_config_warnings(struct buf *b)
{
	int i, first = 1;
	size_t col = 3;

	for (i = 0; i < RULE__COUNT; i++)
		if (rule_table[i].severity == SEV_WARNING) {
			if (!first && col + strlen(rule_table[i].id) > 76) {
				buf_adds(b, ",\n#  ");
				col = 3;
			} else if (!first) {
				buf_addc(b, ',');
				col++;
			}
			buf_addf(b, " %s", rule_table[i].id);
			col += 1 + strlen(rule_table[i].id);
			first = 0;
		}
}

/*
 * svcgen.yaml: every setting of docs/config.md with its default, taken
 * from config_defaults and the rule and metric tables, so that the file
 * says what svcgen does without it.
 */
static void
S_config_text(const struct config *cfg, struct buf *b)
{
	const struct config *c = cfg;
	int off;

	buf_adds(
	    b,
	    "# svcgen.yaml —— 本部门的 svcgen 配置 / svcgen's configuration for this department.\n"
	    "# 每一项都写出了默认值；删去一项即恢复默认。各项的说明见 svcgen 的 docs/config.md。\n"
	    "# Every setting is written out with its default; a setting left out takes its\n"
	    "# default. svcgen's docs/config.md describes each.\n"
	    "\n"
	    "# 站点标题 / the site's title\n"
	    "title: ");
	S_yaml_str(b, c->title);
	buf_adds(b, "\n# 站点语言：zh-CN 或 en / the site's language: zh-CN or en\nlang: ");
	S_yaml_str(b, c->lang);
	off = c->tzoff < 0 ? -c->tzoff : c->tzoff;
	buf_addf(
	    b,
	    "\n# 时区：本地日期、月、周，以及未写时区的日期时间 /\n"
	    "# the time zone of local dates, months, weeks and of datetimes without an offset\n"
	    "timezone: \"%c%02d:%02d\"\n",
	    c->tzoff < 0 ? '-' : '+', off / 3600, off / 60 % 60);
	buf_adds(b, "# 允许的区域（客户、员工、经销商的 region）/\n"
	            "# the allowed `region` values (customers, staff, dealers)\n");
	S_yaml_list(b, "regions", &c->regions);
	buf_adds(
	    b, "# 设备型号（设备的 model、员工的 skills）/ equipment `model` and staff `skills`\n");
	S_yaml_list(b, "models", &c->models);
	buf_adds(b,
	         "# 安装平台（设备的 platform）/ installation platforms (equipment `platform`)\n");
	S_yaml_list(b, "platforms", &c->platforms);
	buf_addf(
	    b,
	    "# 结案后须在多少天内回访 / a follow-up must happen within N days of closing\n"
	    "follow_up_window_days: %d\n"
	    "# 评分不低于此值（1–5）算满意 / a rating of at least this (1–5) counts as satisfied\n"
	    "satisfied_at: %d\n"
	    "# 部门目标；标准的 targets 也可设定；设为 ~ 即去掉该项的默认目标 /\n"
	    "# the department's targets; a standard's `targets` may set them too; `~` removes one\n"
	    "targets:\n",
	    c->follow_up_window_days, c->satisfied_at);
	S_config_targets(c, b);
	buf_addf(b,
	         "# 关键零件每月故障超过此数即告警 / key-part failures in a month above this raise "
	         "an alert\n"
	         "default_alert_threshold: %d\n"
	         "# 站点上的个人信息：mask 遮盖，show 显示（仅限内部站点）/\n"
	         "# personal data on the site: mask, or show (for an internal site only)\n"
	         "pii: %s\n"
	         "# 各规则的级别：error、warning 或 off；{} 即各规则的默认级别 /\n"
	         "# each rule's severity: error, warning or off; {} keeps every rule's default.\n"
	         "# 默认为 warning 的规则 / the rules that are warnings by default:\n#  ",
	         c->default_alert_threshold, c->pii_show ? "show" : "mask");
	S_config_warnings(b);
	buf_adds(b, "\n# 例 / e.g.  rules: { follow-up-overdue: error, pii-in-body: off }\n"
	            "rules: {}\n"
	            "# svcgen 不读取的路径（glob，相对于本文件夹）/\n"
	            "# the paths svcgen must not read (globs, relative to this folder)\n"
	            "# 例 / e.g.  ignore: [drafts/**]\n");
	S_yaml_list(b, "ignore", &c->ignore);
	buf_addf(b,
	         "limits:\n"
	         "  # 记录文件的字节数上限 / a larger record file is too-large\n"
	         "  file_bytes: %zu\n"
	         "  # YAML 嵌套层数上限（记录本身为第 1 层）/ deeper YAML is too-deep (the record "
	         "is level 1)\n"
	         "  depth: %u\n"
	         "  # 附件的字节数上限，超过的不发布 / a larger attachment is not published\n"
	         "  attachment_bytes: %llu\n",
	         c->file_bytes, c->depth, (unsigned long long)c->attachment_bytes);
}

/* The department's README.md, in pieces (C99 compilers need take no longer literal). */
static const char *const S_readme[] = {
    "# 售后服务档案 / After-sales service records\n"
    "\n"
    "本仓库保存本部门的售后服务档案：每条记录是一个 YAML 或 Markdown 文件，由 git\n"
    "记录每一次修改。[svcgen](" SVCGEN_URL ") 检查这些记录，并据此生成一个静态网站。\n"
    "\n"
    "This repository keeps the department's after-sales records: each record is a\n"
    "YAML or Markdown file, and git keeps every change. svcgen checks the records and\n"
    "builds a static site from them.\n"
    "\n"
    "## 文件夹 / Folders\n"
    "\n"
    "| 文件夹 / folder | 内容 | contents |\n"
    "|---|---|---|\n"
    "| `customers/` | 客户档案 | the customer archive |\n"
    "| `equipment/` | 售出的设备（按出厂编号） | sold units, by serial number |\n"
    "| `service/` | 服务工单（`.md`，正文为工作记录） | service tickets (`.md`, the body is the "
    "work notes) |\n"
    "| `visits/` | 回访与走访 | follow-up and routine visits |\n"
    "| `complaints/` | 投诉 | complaints |\n"
    "| `standards/` | 技术、管理、工作标准（`.md`） | technical, management and work standards "
    "(`.md`) |\n"
    "| `staff/` | 服务人员 | service staff |\n"
    "| `parts/` | 配件目录 | the parts catalogue |\n"
    "| `shipments/` | 配件出货 | parts shipments |\n"
    "| `dealers/` | 经销商及其服务网点 | dealers and their service outlets |\n"
    "| `attachments/` | 记录引用的照片、PDF | photos and PDFs the records refer to |\n"
    "\n"
    "`svcgen.yaml` 是本部门的配置（区域、型号、目标……），每一项都有中英文说明。\n"
    "`svcgen.yaml` is the department's configuration (regions, models, targets, …),\n"
    "each setting explained in Chinese and English.\n"
    "\n",
    "## 新增一条记录 / Adding a record\n"
    "\n"
    "在对应的文件夹中新建一个文件，文件名就是记录编号（其下可再分子文件夹，如\n"
    "`service/2026/12/`）。例如 `customers/C-0001.yaml`：\n"
    "\n"
    "Make a file in the kind's folder, named after the record's id (sub-folders such\n"
    "as `service/2026/12/` are fine). For example `customers/C-0001.yaml`:\n"
    "\n"
    "```yaml\n"
    "id: C-0001\n"
    "name: 示例机械有限公司\n"
    "region: 华东\n"
    "```\n"
    "\n"
    "`svcgen schema` 列出每类记录的字段、类型和必填项。\n"
    "`svcgen schema` lists each kind's fields, their types and which are required.\n"
    "\n"
    "## 检查 / Checking\n"
    "\n"
    "    svcgen check\n"
    "\n"
    "每个问题一行：`文件:行:列: error|warning: 说明 [规则]`；没有 error 时退出码为 0。\n"
    "`svcgen check --lang zh-CN` 用中文说明。\n"
    "\n"
    "One line a problem: `file:line:col: error|warning: message [rule]`; the exit\n"
    "status is 0 when there is no error. `svcgen check --lang en` speaks English.\n"
    "\n"
    "## 生成网站 / Building the site\n"
    "\n"
    "    svcgen build -o site\n"
    "\n"
    "然后用浏览器打开 `site/index.html`。`site/` 不提交（见 `.gitignore`）。\n"
    "Then open `site/index.html` in a browser. `site/` is not committed (`.gitignore`).\n"
    "\n",
    "## 提交 / Committing\n"
    "\n"
    "提交前先运行 `svcgen check`。装有 [pre-commit](https://pre-commit.com) 时，运行一次\n"
    "`pre-commit install`，之后每次提交都会自动检查（`.pre-commit-config.yaml`）。\n"
    "推送后，CI 会再检查一次并生成网站：GitHub 用 `.github/workflows/svcgen.yml`，\n"
    "GitLab 用 `.gitlab-ci.yml`。\n"
    "\n"
    "Run `svcgen check` before committing. With pre-commit installed, run\n"
    "`pre-commit install` once and every commit is checked (`.pre-commit-config.yaml`).\n"
    "After a push, CI checks again and builds the site: `.github/workflows/svcgen.yml`\n"
    "on GitHub, `.gitlab-ci.yml` on GitLab.\n"
    "\n"
    "## 编辑器 / Editors\n"
    "\n"
    "`.editorconfig` 和 `.gitattributes` 让每个编辑器都用 UTF-8、LF 换行、两个空格缩进。\n"
    "VS Code 的 YAML 扩展（redhat.vscode-yaml）按 `.vscode/settings.json` 用\n"
    "`.svcgen/schema/` 中的 JSON Schema 检查和补全各类记录；svcgen init 已生成它们，\n"
    "修改 svcgen.yaml 中的 regions、models、platforms 之后请重新生成：\n"
    "\n"
    "`.editorconfig` and `.gitattributes` keep every editor to UTF-8, LF line ends and\n"
    "two-space indents. VS Code's YAML extension (redhat.vscode-yaml) checks and\n"
    "completes each kind's records against the JSON Schemas of `.svcgen/schema/`, as\n"
    "`.vscode/settings.json` says. svcgen init wrote them; make them again after a\n"
    "change to the regions, models or platforms of svcgen.yaml:\n"
    "\n"
    "    for k in customers equipment service visits complaints standards staff parts shipments "
    "dealers; do\n"
    "      svcgen schema --json-schema --kind $k > .svcgen/schema/$k.json\n"
    "    done\n",
};

static const char S_gitattributes[] =
    "# 记录和配置一律用 LF 换行，任何系统上都一样 / records and configuration keep LF\n"
    "# line ends on every system (svcgen reports positions by line)\n"
    "*.yaml text eol=lf\n"
    "*.yml text eol=lf\n"
    "*.md text eol=lf\n";

static const char S_editorconfig[] =
    "# https://editorconfig.org —— UTF-8、LF 换行、不用制表符 / UTF-8, LF, no tabs\n"
    "root = true\n"
    "\n"
    "[*]\n"
    "charset = utf-8\n"
    "end_of_line = lf\n"
    "insert_final_newline = true\n"
    "trim_trailing_whitespace = true\n"
    "indent_style = space\n"
    "\n"
    "[*.{yaml,yml}]\n"
    "indent_size = 2\n"
    "\n"
    "# Markdown 行尾的两个空格表示换行 / two spaces at a line's end break the line\n"
    "[*.md]\n"
    "trim_trailing_whitespace = false\n";

static const char S_gitignore[] =
    "# svcgen build -o site 的输出 / what svcgen build -o site writes\n"
    "/site/\n";

static const char S_precommit[] =
    "# pre-commit (https://pre-commit.com)：每次提交前运行 svcgen check。\n"
    "# 运行一次 `pre-commit install` 即可；svcgen 须已安装（在 PATH 中）。\n"
    "# pre-commit runs svcgen check before each commit: run `pre-commit install`\n"
    "# once. svcgen must be installed (on PATH): the hook runs it as it is.\n"
    "# 记录在子文件夹中时加上 / records in a sub-folder: add   args: [records]\n"
    "repos:\n"
    "  - repo: " SVCGEN_URL "\n"
    "    rev: " SVCGEN_REV "\n"
    "    hooks:\n"
    "      - id: svcgen-check\n";

/* The Debian packages svcgen builds with, and how CI builds it. */
#define DEBS                                                                                       \
	"build-essential pkg-config git ca-certificates libyaml-dev libcmark-gfm-dev "             \
	"libcmark-gfm-extensions-dev libgit2-dev"

static const char S_github[] =
    "# svcgen 在 GitHub Actions 中：每次推送和合并请求都检查记录（问题显示为代码扫描\n"
    "# 结果和行内注释），并生成网站作为构件（artifact）下载。\n"
    "# svcgen in GitHub Actions: every push and pull request checks the records (the\n"
    "# problems show as code scanning alerts and as annotations on the lines) and\n"
    "# builds the site as an artifact to download.\n"
    "name: svcgen\n"
    "\n"
    "on:\n"
    "  push:\n"
    "  pull_request:\n"
    "\n"
    "permissions:\n"
    "  contents: read\n"
    "  security-events: write # upload-sarif\n"
    "\n"
    "jobs:\n"
    "  svcgen:\n"
    "    runs-on: ubuntu-latest\n"
    "    container: debian:12\n"
    "    env:\n"
    "      # svcgen 的源代码 / svcgen's sources, built on Debian 12\n"
    "      SVCGEN_URL: " SVCGEN_URL "\n"
    "      SVCGEN_REV: " SVCGEN_REV "\n"
    "    steps:\n"
    "      - name: Install svcgen\n"
    "        run: |\n"
    "          apt-get update -qq\n"
    "          apt-get install -y -qq --no-install-recommends " DEBS "\n"
    "          git clone -q --depth 1 --branch \"$SVCGEN_REV\" \"$SVCGEN_URL\" /tmp/svcgen\n"
    "          make -C /tmp/svcgen install\n"
    "      - uses: actions/checkout@v4\n"
    "        with:\n"
    "          fetch-depth: 0 # 完整历史，供审计轨迹 / the whole history, for the audit trail\n"
    "      - name: Trust the checkout\n"
    "        run: git config --global --add safe.directory \"$GITHUB_WORKSPACE\"\n"
    "      - name: svcgen check (SARIF)\n"
    "        run: svcgen check --format sarif > svcgen.sarif\n"
    "        continue-on-error: true\n"
    "      - name: Upload to code scanning\n"
    "        if: always()\n"
    "        uses: github/codeql-action/upload-sarif@v3\n"
    "        # 没有代码扫描（私有仓库、来自分叉的合并请求）时，注释仍在 /\n"
    "        # without code scanning (private repositories, pull requests from forks)\n"
    "        # the annotations below still show every problem\n"
    "        continue-on-error: true\n"
    "        with:\n"
    "          sarif_file: svcgen.sarif\n"
    "          category: svcgen\n"
    "      - name: svcgen check (annotations)\n"
    "        run: svcgen check --format github\n"
    "      - name: svcgen build\n"
    "        if: always()\n"
    "        run: svcgen build -o site\n"
    "      - uses: actions/upload-artifact@v4\n"
    "        if: always()\n"
    "        with:\n"
    "          name: site\n"
    "          path: site/\n";

static const char S_gitlab[] =
    "# svcgen 在 GitLab CI 中：检查记录（问题显示在合并请求的测试报告中），并生成网站作为\n"
    "# 构件（artifact）。\n"
    "# svcgen in GitLab CI: checks the records (the problems show in the merge\n"
    "# request's test report) and builds the site as an artifact.\n"
    "svcgen:\n"
    "  image: debian:12\n"
    "  variables:\n"
    "    GIT_DEPTH: 0 # 完整历史，供审计轨迹 / the whole history, for the audit trail\n"
    "    # svcgen 的源代码 / svcgen's sources, built on Debian 12\n"
    "    SVCGEN_URL: " SVCGEN_URL "\n"
    "    SVCGEN_REV: " SVCGEN_REV "\n"
    "  before_script:\n"
    "    - apt-get update -qq\n"
    "    - apt-get install -y -qq --no-install-recommends " DEBS "\n"
    "    - git clone -q --depth 1 --branch \"$SVCGEN_REV\" \"$SVCGEN_URL\" /tmp/svcgen\n"
    "    - make -C /tmp/svcgen install\n"
    "    - git config --global --add safe.directory \"$CI_PROJECT_DIR\"\n"
    "  script:\n"
    "    # 有问题时把同样的问题以文本再列一遍 / on problems, list them as text in the log too\n"
    "    - svcgen check --format junit > svcgen-junit.xml || { svcgen check; exit 1; }\n"
    "    - svcgen build -o site\n"
    "  artifacts:\n"
    "    when: always\n"
    "    reports:\n"
    "      junit: svcgen-junit.xml\n"
    "    paths:\n"
    "      - site/\n";

static const char S_vscode_extensions[] = "{\n"
                                          "  \"recommendations\": [\"redhat.vscode-yaml\"]\n"
                                          "}\n";

/*
 * .vscode/settings.json: each kind's folder mapped to its JSON Schema
 * under .svcgen/schema/ for the YAML language server (redhat.vscode-yaml),
 * and the editor kept to what .editorconfig says.
 */
static void
S_vscode_settings(struct buf *b)
{
	int k;

	buf_adds(b, "{\n  \"yaml.schemas\": {\n");
	for (k = 0; k < KIND__COUNT; k++) {
		const char *n = schema_object(k)->name;

		buf_addf(b,
		         "    \".svcgen/schema/%s.json\": [\"%s/**/*.yaml\", \"%s/**/*.yml\"]%s\n",
		         n, n, n, k + 1 < KIND__COUNT ? "," : "");
	}
	buf_adds(b, "  },\n"
	            "  \"files.encoding\": \"utf8\",\n"
	            "  \"files.eol\": \"\\n\",\n"
	            "  \"[yaml]\": {\n"
	            "    \"editor.insertSpaces\": true,\n"
	            "    \"editor.tabSize\": 2\n"
	            "  }\n"
	            "}\n");
}

/*
 * The JSON Schema of kind k that .vscode/settings.json names
 * (.svcgen/schema/<kind>.json), with the enumerations of cfg (the
 * settings svcgen.yaml is written with), into b, as `svcgen schema
 * --json-schema --kind KIND` prints it: 1 (one to write).
 */
static int
S_schema_json(int k, const struct config *cfg, struct buf *b)
{
	json_schema_write(b, cfg, k);
	return 1;
}

/* One writing run: the folder's descriptor and what was done. */
struct init {
	int root;
	struct init_result *res;
};

static void
S_kept(struct init *in, const char *path, const char *why)
{
	struct init_result *r = in->res;

	/* A folder that is a link is named once, not for each file below it. */
	if (r->n_kept && !strcmp(r->kept[r->n_kept - 1], path))
		return;
	if (r->n_kept == r->cap_kept) {
		r->cap_kept = r->cap_kept ? 2 * r->cap_kept : 8;
		r->kept = xrealloc(r->kept, r->cap_kept * sizeof(*r->kept));
		r->why = xrealloc(r->why, r->cap_kept * sizeof(*r->why));
	}
	r->kept[r->n_kept] = xstrdup(path);
	r->why[r->n_kept++] = why;
}

/*
 * The folder path (relative, '/' separated) below the root, each component
 * made with mkdirat where missing and opened with source_openat, never
 * through a link: a descriptor the caller closes, -2 when a component is
 * there but not a folder (recorded as kept), or -1 after error_set.
 */
static int
S_folder(struct init *in, const char *path)
{
	char *p = xstrdup(path), *name = p, *slash;
	int fd = -1, next;

	for (;;) {
		if ((slash = strchr(name, '/')))
			*slash = '\0';
		/* The parent is open (below the root, through no link): the child is made there. */
		if (mkdirat(fd < 0 ? in->root : fd, name, 0777) < 0 && errno != EEXIST) {
			next = error_set("cannot make the folder %s: %s", p, strerror(errno));
		} else if ((next = source_openat(in->root, p, O_RDONLY | O_DIRECTORY)) < 0) {
			if (errno == ELOOP || errno == ENOTDIR) {
				S_kept(in, p,
				       N_("not a folder; a symbolic link is never followed"));
				next = -2;
			} else {
				next =
				    error_set("cannot open the folder %s: %s", p, strerror(errno));
			}
		}
		if (fd >= 0)
			close(fd);
		fd = next;
		if (fd < 0 || !slash)
			break;
		*slash = '/';
		name = slash + 1;
	}
	free(p);
	return fd;
}

/*
 * Writes the file path (relative) with the text s[0..n), unless something
 * is there already (a link included: O_EXCL never follows one), which is
 * kept. 0, or -1 after error_set.
 */
static int
S_file(struct init *in, const char *path, const char *s, size_t n)
{
	const char *base = strrchr(path, '/');
	struct init_result *r = in->res;
	char *dir = base ? xstrndup(path, (size_t)(base - path)) : NULL;
	int dfd = dir ? S_folder(in, dir) : in->root, fd, rc = 0;
	struct stat st;

	free(dir);
	if (dfd < 0)
		return dfd == -2 ? 0 : -1;
	base = base ? base + 1 : path;
	fd = openat(dfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0 && errno == EEXIST) {
		S_kept(in, path,
		       fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)
		           ? N_("a symbolic link, not followed")
		           : N_("it exists"));
	} else if (fd < 0) {
		rc = error_set("cannot create %s: %s", path, strerror(errno));
	} else if (write_all(fd, s, n) < 0 || close(fd) < 0) {
		rc = error_set("cannot write %s: %s", path, strerror(errno));
		/* A file cut short is not left to be kept by the next run. */
		unlinkat(dfd, base, 0);
	} else {
		r->written =
		    xgrow(r->written, sizeof(*r->written), r->n_written + 1, &r->cap_written);
		r->written[r->n_written++] = xstrdup(path);
	}
	if (dfd != in->root)
		close(dfd);
	return rc;
}

static int
S_file_str(struct init *in, const char *path, const char *s)
{
	return S_file(in, path, s, strlen(s));
}

static int
S_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * What the folder holds besides `.git` (a department may be started in a
 * repository just made): names into res->present, the first PRESENT_MAX
 * of them in byte order. 0, or -1 after error_set.
 */
static int
S_present(int root, const char *dir, struct init_result *res)
{
	int fd = dup(root);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0, cap = 0, i;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return error_set("cannot read the folder %s: %s", dir, strerror(errno));
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, ".git"))
			continue;
		v = xgrow(v, sizeof(*v), n + 1, &cap);
		v[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), S_name_cmp);
	res->present_total = n;
	res->n_present = n < PRESENT_MAX ? n : PRESENT_MAX;
	for (i = res->n_present; i < n; i++)
		free(v[i]);
	res->present = v;
	return 0;
}

/* Every file of a new department, folders first. 0, or -1 after error_set. */
static int
S_write(struct init *in)
{
	struct buf b = BUF_INIT, path = BUF_INIT;
	struct config cfg;
	int k, rc = 0;

	/* The defaults, for svcgen.yaml and the schemas' enumerations alike. */
	config_defaults(&cfg);

	for (k = 0; k < KIND__COUNT && rc == 0; k++) {
		buf_reset(&path);
		buf_addf(&path, "%s/.gitkeep", schema_object(k)->name);
		rc = S_file_str(in, buf_str(&path), "");
	}
	if (rc == 0)
		rc = S_file_str(in, "attachments/.gitkeep", "");
	if (rc == 0) {
		S_config_text(&cfg, &b);
		rc = S_file(in, "svcgen.yaml", b.buf, b.len);
	}
	if (rc == 0) {
		buf_reset(&b);
		for (k = 0; k < (int)ARRAY_LEN(S_readme); k++)
			buf_adds(&b, S_readme[k]);
		rc = S_file(in, "README.md", b.buf, b.len);
	}
	if (rc == 0)
		rc = S_file_str(in, ".gitattributes", S_gitattributes);
	if (rc == 0)
		rc = S_file_str(in, ".editorconfig", S_editorconfig);
	if (rc == 0)
		rc = S_file_str(in, ".gitignore", S_gitignore);
	if (rc == 0)
		rc = S_file_str(in, ".pre-commit-config.yaml", S_precommit);
	if (rc == 0)
		rc = S_file_str(in, ".github/workflows/svcgen.yml", S_github);
	if (rc == 0)
		rc = S_file_str(in, ".gitlab-ci.yml", S_gitlab);
	if (rc == 0) {
		buf_reset(&b);
		S_vscode_settings(&b);
		rc = S_file(in, ".vscode/settings.json", b.buf, b.len);
	}
	if (rc == 0)
		rc = S_file_str(in, ".vscode/extensions.json", S_vscode_extensions);
	/* The schemas' folder is there even before its files, which git would not keep. */
	if (rc == 0)
		rc = S_file_str(in, ".svcgen/schema/.gitkeep", "");
	for (k = 0; k < KIND__COUNT && rc == 0; k++) {
		buf_reset(&b);
		if (!S_schema_json(k, &cfg, &b))
			continue;
		buf_reset(&path);
		buf_addf(&path, ".svcgen/schema/%s.json", schema_object(k)->name);
		rc = S_file(in, buf_str(&path), b.buf, b.len);
	}
	buf_free(&b);
	buf_free(&path);
	config_free(&cfg);
	return rc;
}

int
init_department(const char *dir, int force, struct init_result *res)
{
	struct init in;
	struct stat st;
	int rc;

	memset(res, 0, sizeof(*res));
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return error_set("cannot make the folder %s: %s", dir, strerror(errno));
	/* dir itself is the one path followed as given: below it, nothing is. */
	if ((in.root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		if (errno == ENOTDIR || (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)))
			return error_set("%s is not a folder", dir);
		return error_set("cannot open the folder %s: %s", dir, strerror(errno));
	}
	in.res = res;
	if (S_present(in.root, dir, res) < 0) {
		close(in.root);
		return -1;
	}
	if (res->present_total && !force) {
		close(in.root);
		return 1;
	}
	rc = S_write(&in);
	close(in.root);
	return rc;
}

void
init_result_free(struct init_result *res)
{
	size_t i;

	for (i = 0; i < res->n_present; i++)
		free(res->present[i]);
	for (i = 0; i < res->n_written; i++)
		free(res->written[i]);
	for (i = 0; i < res->n_kept; i++)
		free(res->kept[i]);
	free(res->present);
	free(res->written);
	free(res->kept);
	free(res->why);
	memset(res, 0, sizeof(*res));
}
