/*
 * gen-records: write a synthetic svcgen records repository for the benchmark.
 *
 *   gen-records N OUTDIR
 *
 * Writes about N records into OUTDIR (created if needed) plus OUTDIR/svcgen.yaml.
 * Proportions follow a real after-sales department: for N records about
 * 8 % customers, 20 % equipment, 35 % service tickets, 25 % visits, 3 %
 * complaints, 6 % shipments, and small fixed numbers of standards, staff, parts
 * and dealers.  Dated kinds are sharded into YYYY/MM sub-folders.
 *
 * Every record is meant to be valid per docs/records.md, so `svcgen check OUTDIR`
 * reports no error and no warning:
 *   - units belong to the ticket's customer and were delivered before the
 *     ticket was reported; warranty_until >= delivered;
 *   - every status carries the fields it requires (technicians from assigned
 *     on, arrived for on-site repairs from in_progress on, resolved/closed,
 *     acceptance on closed repairs);
 *   - cited standards are effective on the reported date (v1 of a technical
 *     standard before its successor took effect, v2 after);
 *   - every closed in-warranty ticket gets a reached follow-up visit within
 *     the follow-up window (sometimes after an unreached call), so no
 *     follow-up-overdue warning;
 *   - complaints are resolved or closed (never stale), closed ones with a
 *     reached complaint_confirmation visit after the resolution;
 *   - shipment lines with correct: false carry an issue, others none;
 *   - bodies hold no digit runs that could look like phone or ID numbers.
 *
 * Deterministic: a fixed-seed LCG, no clock, no locale.  Plain stdio.
 * Prints one summary line per kind on stdout and `records=TOTAL` last.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* ---------------------------------------------------------------- basics */

static void
S_die(const char *what, const char *detail)
{
	fprintf(stderr, "gen-records: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	exit(1);
}

static uint64_t S_state = 0x5eed2026c0ffeeULL;

static uint32_t
S_rand(void)
{
	S_state = S_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(S_state >> 32);
}

/* uniform in [0, n) */
static long
S_rn(long n)
{
	if (n <= 0)
		return 0;
	return (long)(((uint64_t)S_rand() * (uint64_t)n) >> 32);
}

/* uniform in [lo, hi] */
static long
S_range(long lo, long hi)
{
	return lo + S_rn(hi - lo + 1);
}

/* true with probability permille / 1000 */
static int
S_pm(long permille)
{
	return S_rn(1000) < permille;
}

static const char *
S_pick_(const char *const *a, size_t n)
{
	return a[S_rn((long)n)];
}
#define PICK(a) S_pick_((a), NELEM(a))

/* pure hash, for properties derived from an index (model of a unit, ...) */
static uint32_t
S_hash(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	return x;
}

/* ----------------------------------------------------------------- dates */

/* days since 1970-01-01 (proleptic Gregorian), H. Hinnant's algorithm */
static long
S_days(int y, int m, int d)
{
	long era, yy = y - (m <= 2);
	unsigned yoe, doy, doe;

	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = (unsigned)(yy - era * 400);
	doy = (153u * (unsigned)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (unsigned)d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void
S_civil(long z, int *y, int *m, int *d)
{
	long era, yy;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

static long
S_parse_date(const char *s)
{
	int y, m, d;

	if (sscanf(s, "%d-%d-%d", &y, &m, &d) != 3)
		S_die("bad date in table", s);
	return S_days(y, m, d);
}

static int
S_year(long day)
{
	int y, m, d;

	S_civil(day, &y, &m, &d);
	return y;
}

/*
 * Instants are minutes since 1970-01-01 00:00 *local* time; every datetime
 * is written either with the configured offset +08:00 or with none (which
 * means the configured time zone), so local dates are plain day numbers.
 */
#define MIN_PER_DAY 1440L

/* -------------------------------------------------------- output buffer */

struct buf {
	char *p;
	size_t n, cap;
};

static void
S_grow(struct buf *b, size_t need)
{
	if (b->n + need + 1 <= b->cap)
		return;
	while (b->n + need + 1 > b->cap)
		b->cap = b->cap ? b->cap * 2 : 8192;
	b->p = realloc(b->p, b->cap);
	if (!b->p)
		S_die("out of memory", NULL);
}

static void
S_puts(struct buf *b, const char *s)
{
	size_t l = strlen(s);

	S_grow(b, l);
	memcpy(b->p + b->n, s, l + 1);
	b->n += l;
}

static void S_printf(struct buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);

static void
S_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int l;

	va_start(ap, fmt);
	l = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0, fmt, ap);
	va_end(ap);
	if (l < 0)
		S_die("vsnprintf failed", NULL);
	if (!b->p || (size_t)l + 1 > b->cap - b->n) {
		S_grow(b, (size_t)l);
		va_start(ap, fmt);
		vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
	}
	b->n += (size_t)l;
}

static void
S_date(struct buf *b, long day)
{
	int y, m, d;

	S_civil(day, &y, &m, &d);
	S_printf(b, "%04d-%02d-%02d", y, m, d);
}

/* datetime; with_offset chooses "+08:00" or no offset (config time zone) */
static void
S_datetime(struct buf *b, long t, int with_offset)
{
	long day = t / MIN_PER_DAY, min = t % MIN_PER_DAY;

	S_date(b, day);
	S_printf(b, "T%02ld:%02ld%s", min / 60, min % 60, with_offset ? "+08:00" : "");
}

static void
S_money(struct buf *b, long cents)
{
	S_printf(b, "%ld.%02ld", cents / 100, cents % 100);
}

/* ------------------------------------------------------------ file output */

static const char *S_outdir;
static struct buf S_out;

#define DIRSET 4096
static char *S_dirset[DIRSET];

static uint32_t
S_strhash(const char *s)
{
	uint32_t h = 2166136261U;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619U;
	return h;
}

static void
S_mkdir1(const char *path)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		S_die("cannot create folder", path);
}

/* mkdir -p, remembering what was made so each folder costs one lookup */
static void
S_mkdirs(const char *path)
{
	uint32_t h = S_strhash(path) % DIRSET;
	char tmp[1024], *p;

	while (S_dirset[h]) {
		if (strcmp(S_dirset[h], path) == 0)
			return;
		h = (h + 1) % DIRSET;
	}
	if (strlen(path) >= sizeof tmp)
		S_die("path too long", path);
	strcpy(tmp, path);
	for (p = tmp + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			S_mkdir1(tmp);
			*p = '/';
		}
	}
	S_mkdir1(tmp);
	S_dirset[h] = malloc(strlen(path) + 1);
	if (!S_dirset[h])
		S_die("out of memory", NULL);
	strcpy(S_dirset[h], path);
}

enum kind {
	K_CUSTOMERS,
	K_EQUIPMENT,
	K_SERVICE,
	K_VISITS,
	K_COMPLAINTS,
	K_STANDARDS,
	K_STAFF,
	K_PARTS,
	K_SHIPMENTS,
	K_DEALERS,
	K_NKINDS
};

static const char *const S_kind_names[K_NKINDS] = {"customers",  "equipment", "service", "visits",
                                                   "complaints", "standards", "staff",   "parts",
                                                   "shipments",  "dealers"};

static long S_count[K_NKINDS];
static unsigned long long S_bytes;

/* write `len` bytes to OUTDIR/dir/name */
static void
S_write_raw(const char *dir, const char *name, const char *data, size_t len)
{
	char path[1024];
	FILE *f;

	if ((size_t)snprintf(path, sizeof path, "%s/%s", S_outdir, dir) >= sizeof path)
		S_die("path too long", dir);
	S_mkdirs(path);
	if ((size_t)snprintf(path, sizeof path, "%s/%s/%s", S_outdir, dir, name) >= sizeof path)
		S_die("path too long", name);
	f = fopen(path, "wb");
	if (!f)
		S_die("cannot create", path);
	if (len && fwrite(data, 1, len, f) != len)
		S_die("cannot write", path);
	if (fclose(f) != 0)
		S_die("cannot write", path);
	S_bytes += len;
}

/* write S_out as a record of kind k: OUTDIR/<kind>/<sub>/<id>.<ext> */
static void
S_emit(enum kind k, const char *sub, const char *id, const char *ext)
{
	char dir[512], name[128];

	if (sub)
		snprintf(dir, sizeof dir, "%s/%s", S_kind_names[k], sub);
	else
		snprintf(dir, sizeof dir, "%s", S_kind_names[k]);
	snprintf(name, sizeof name, "%s.%s", id, ext);
	S_write_raw(dir, name, S_out.p, S_out.n);
	S_count[k]++;
	S_out.n = 0;
	S_out.p[0] = '\0';
}

/* "YYYY/MM" of a day */
static void
S_ym_dir(char *dst, size_t len, long day)
{
	int y, m, d;

	S_civil(day, &y, &m, &d);
	snprintf(dst, len, "%04d/%02d", y, m);
}

/* --------------------------------------------------------- text material */

static const char *const S_regions[] = {"华东", "华南", "华北", "华中", "西南", "西北", "东北"};
#define NREGIONS ((int)NELEM(S_regions))

static const char *const S_cities[NREGIONS][6] = {
    {"上海", "南京", "杭州", "苏州", "宁波", "合肥"},
    {"广州", "深圳", "东莞", "佛山", "南宁", "海口"},
    {"北京", "天津", "石家庄", "太原", "呼和浩特", "唐山"},
    {"郑州", "武汉", "长沙", "南昌", "洛阳", "宜昌"},
    {"成都", "重庆", "昆明", "贵阳", "绵阳", "遵义"},
    {"西安", "兰州", "银川", "西宁", "乌鲁木齐", "宝鸡"},
    {"沈阳", "长春", "哈尔滨", "大连", "吉林", "鞍山"},
};

static const char *const S_models[] = {"EV-100", "EV-200", "EV-300"};
static const char *const S_model_codes[] = {"EV100", "EV200", "EV300"};
static const char *const S_platforms[] = {"车载", "舰载", "机载", "地面"};

static const char *const S_surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
    "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
    "石", "廖", "贾", "夏", "韦", "方", "白", "邹", "孟", "熊", "秦"};

static const char *const S_given[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "秀", "霞", "平", "刚", "华", "玉", "兰", "萍", "红", "鹏", "飞", "斌", "宇",
    "浩", "凯", "健", "俊", "帆", "旭", "宁", "龙", "林", "欣", "瑶", "琳", "晨", "博", "文",
    "辉", "力", "建", "国", "志", "海", "波", "峰", "亮", "成", "东", "新", "春", "梅"};

static const char *const S_firm_mid[] = {
    "恒通", "远大", "华信", "金桥", "宏达", "新力", "泰和", "永盛", "鑫源", "瑞丰", "东方", "长城",
    "天成", "中联", "安达", "同创", "博远", "开元", "锦程", "广汇", "兴业", "顺达", "德众", "汇通"};

static const char *const S_firm_trade[] = {
    "物流", "运输", "港务", "矿业",     "建设", "农业发展", "环卫", "机场服务", "仓储",
    "电力", "化工", "钢铁", "市政工程", "旅游", "园区管理", "快递", "冷链",     "建材"};

static const char *const S_firm_suffix[] = {"有限公司", "有限公司", "有限公司", "股份有限公司",
                                            "集团有限公司"};

static const char *const S_districts[] = {"经济开发区", "高新区", "工业园区", "新城区",
                                          "临港新区",   "保税区", "城北区",   "城南区"};

static const char *const S_roads[] = {"建设路",   "人民路", "解放路", "中山路",
                                      "工业大道", "科技路", "创业路", "港湾路",
                                      "物流大道", "长江路", "黄河路"};

static const char *const S_contact_roles[] = {"设备主管", "车队队长", "采购经理", "总经理",
                                              "安全员",   "调度员",   "维修班长"};

static const char *const S_tags[] = {"物流", "重点客户", "政府采购", "大客户", "新客户", "老客户",
                                     "租赁", "港口",     "矿区",     "景区",   "冷链",   "环卫"};

static const char *const S_departments[] = {"售后服务部", "质量管理部", "技术部",
                                            "配件中心",   "销售部",     "生产部"};

static const char *const S_suppliers[] = {"江苏永动电机有限公司",     "浙江恒力电控科技有限公司",
                                          "山东鲁能车桥有限公司",     "湖北东风零部件有限公司",
                                          "广东华阳电子有限公司",     "安徽精工减震器有限公司",
                                          "河北金轮轮毂制造有限公司", "上海联合线束有限公司"};

/* fault categories, index-aligned with the enum of docs/records.md */
enum {
	FC_ELECTRICAL,
	FC_MECHANICAL,
	FC_HYDRAULIC,
	FC_SOFTWARE,
	FC_WEAR,
	FC_MISUSE,
	FC_OTHER,
	FC_N
};
static const char *const S_fault_cat[FC_N] = {"electrical", "mechanical", "hydraulic", "software",
                                              "wear",       "misuse",     "other"};

struct part {
	const char *name;
	int key;
	long cents;
	int cat; /* FC_* of the faults it is blamed for */
};

/* the first seven are the key components monitored for batch defects */
static const struct part S_parts[] = {
    {"驱动电机", 1, 328000, FC_ELECTRICAL},
    {"电机控制器", 1, 186000, FC_SOFTWARE},
    {"后桥总成", 1, 452000, FC_MECHANICAL},
    {"差速器总成", 1, 138000, FC_MECHANICAL},
    {"车架总成", 1, 620000, FC_MECHANICAL},
    {"前减震器", 1, 56000, FC_HYDRAULIC},
    {"轮辋", 1, 42000, FC_WEAR},
    {"动力电池包", 0, 980000, FC_ELECTRICAL},
    {"车载充电机", 0, 168000, FC_ELECTRICAL},
    {"DC-DC转换器", 0, 72000, FC_ELECTRICAL},
    {"组合仪表", 0, 88000, FC_SOFTWARE},
    {"整车线束", 0, 136000, FC_ELECTRICAL},
    {"前大灯总成", 0, 32000, FC_ELECTRICAL},
    {"后尾灯总成", 0, 18000, FC_ELECTRICAL},
    {"电喇叭", 0, 4500, FC_ELECTRICAL},
    {"继电器", 0, 2800, FC_ELECTRICAL},
    {"保险丝盒", 0, 6500, FC_ELECTRICAL},
    {"车速传感器", 0, 9800, FC_ELECTRICAL},
    {"温度传感器", 0, 6800, FC_ELECTRICAL},
    {"加速踏板", 0, 15800, FC_ELECTRICAL},
    {"钥匙开关", 0, 5200, FC_ELECTRICAL},
    {"刹车片", 0, 12000, FC_WEAR},
    {"制动盘", 0, 26000, FC_WEAR},
    {"轮胎", 0, 48000, FC_WEAR},
    {"轮毂轴承", 0, 16800, FC_WEAR},
    {"传动链条", 0, 9600, FC_WEAR},
    {"雨刮片", 0, 3800, FC_WEAR},
    {"油封", 0, 1500, FC_WEAR},
    {"制动总泵", 0, 38000, FC_HYDRAULIC},
    {"制动分泵", 0, 18500, FC_HYDRAULIC},
    {"制动油管", 0, 6200, FC_HYDRAULIC},
    {"转向助力泵", 0, 68000, FC_HYDRAULIC},
    {"后减震器", 0, 52000, FC_HYDRAULIC},
    {"液压油缸", 0, 86000, FC_HYDRAULIC},
    {"转向器总成", 0, 128000, FC_MECHANICAL},
    {"转向拉杆", 0, 22000, FC_MECHANICAL},
    {"半轴", 0, 46000, FC_MECHANICAL},
    {"座椅总成", 0, 35000, FC_MECHANICAL},
    {"后视镜", 0, 8800, FC_MECHANICAL},
    {"车门锁", 0, 12500, FC_MECHANICAL},
    {"挡泥板", 0, 6800, FC_MECHANICAL},
    {"货箱总成", 0, 280000, FC_MECHANICAL},
    {"悬挂弹簧", 0, 19800, FC_MECHANICAL},
    {"车载终端", 0, 158000, FC_SOFTWARE},
    {"远程监控模块", 0, 96000, FC_SOFTWARE},
    {"蓝牙模块", 0, 18000, FC_SOFTWARE},
    {"电子驻车模块", 0, 76000, FC_SOFTWARE},
    {"电池管理系统", 0, 212000, FC_SOFTWARE},
};
#define NPARTS ((long)NELEM(S_parts))
#define NKEYPARTS 7
static const char S_key_letter[NKEYPARTS] = {'M', 'C', 'R', 'D', 'F', 'S', 'W'};

/* part ids, per fault category */
static long S_parts_by_cat[FC_N][NELEM(S_parts)];
static long S_nparts_by_cat[FC_N];

static long
S_pick_part(int cat)
{
	if (cat == FC_MISUSE || cat == FC_OTHER || !S_nparts_by_cat[cat])
		return S_rn(NPARTS);
	/* key parts fail more often than their share of the catalogue */
	if (S_pm(450)) {
		long i, k = 0, cand[NKEYPARTS];

		for (i = 0; i < NKEYPARTS; i++)
			if (S_parts[i].cat == cat)
				cand[k++] = i;
		if (k)
			return cand[S_rn(k)];
	}
	return S_parts_by_cat[cat][S_rn(S_nparts_by_cat[cat])];
}

static const char *const S_fault_desc[FC_N][6] = {
    {"行驶中偶发断电，重新上电后恢复", "电机异响并伴有过热报警", "仪表显示绝缘故障",
     "充电时无法建立连接", "大灯不亮，检查为线路故障", "低速时动力输出不稳定"},
    {"后桥异响，重载时明显", "转向沉重，回正不良", "车架焊缝开裂", "差速器漏油并有异响",
     "货箱锁止机构失效", "行驶中底盘有撞击声"},
    {"制动踏板行程过长", "前减震器漏油", "转向助力不足", "液压油缸动作缓慢", "制动管路渗油",
     "减震效果明显下降"},
    {"控制器程序异常，车辆限速", "仪表黑屏后自动重启", "远程监控数据无法上传",
     "电池管理系统误报故障", "电子驻车无法解除", "车载终端定位漂移"},
    {"刹车片磨损超限", "轮胎偏磨严重", "轮毂轴承间隙过大", "传动链条松弛", "制动盘磨损出现沟槽",
     "轮辋变形导致抖动"},
    {"超载运行导致部件损坏", "未按规定充电造成电池欠压", "涉水行驶导致电气进水",
     "私自改装线路引起短路", "长期未保养导致磨损加剧", "驾驶员操作不当造成碰撞"},
    {"客户反映异常但现场未能复现", "运输途中外观受损", "随车资料缺失", "配置与合同不符", "车辆异味",
     "门窗密封不良"},
};

/* service ticket bodies: what was seen, what was done, what follows */
static const char *const S_sym[FC_N][5] = {
    {"客户来电反映车辆在行驶过程中偶发断电，重新上电后可以恢复，故障出现频率逐渐增加。",
     "客户反映车辆启动后仪表盘报警，控制器故障灯常亮，车辆无法正常行驶。",
     "司机反映充电时充电桩提示连接异常，多次插拔充电枪后仍无法充电。",
     "客户反映夜间行驶时前大灯忽明忽暗，影响行车安全，要求尽快处理。",
     "车辆在爬坡时动力明显不足，电机温度报警灯点亮。"},
    {"客户反映车辆重载行驶时后桥有明显异响，车速越快声音越大。",
     "驾驶员反映转向沉重，转弯后方向盘回正不良。", "日常检查时发现车架左侧纵梁焊缝处有细小裂纹。",
     "客户反映差速器位置有油迹，行驶中伴有周期性异响。",
     "货箱锁止机构无法可靠锁止，行驶中货箱门有松动现象。"},
    {"客户反映制动踏板行程变长，制动力明显不足。",
     "检查发现前减震器表面有油迹，车辆过坑时颠簸明显。",
     "驾驶员反映低速转向时助力不足，方向盘沉重。", "液压举升动作缓慢，满载时无法举升到位。",
     "客户反映车辆停放后地面有油滴，怀疑制动管路渗漏。"},
    {"客户反映车辆被限速，仪表提示控制器程序异常。",
     "组合仪表偶发黑屏，随后自动重启，行驶数据丢失。", "后台监控发现该车辆连续多日没有数据上传。",
     "电池管理系统频繁报单体电压异常，实际测量电压正常。",
     "电子驻车在坡道上无法解除，车辆无法起步。"},
    {"例行检查发现刹车片磨损超过限值，需要更换。",
     "客户反映车辆高速行驶时方向盘抖动，轮胎有偏磨现象。",
     "车辆行驶中轮毂处有嗡嗡声，轴承间隙偏大。", "传动链条松弛，起步时有冲击感。",
     "制动盘表面出现明显沟槽，制动时有尖叫声。"},
    {"车辆长期超载运行，后桥及悬挂部件出现损坏。", "客户未按规定充电，电池长期亏电，车辆无法启动。",
     "车辆涉水行驶后出现多项电气故障报警。", "车辆线路被私自改装加装设备，引起保险丝反复熔断。",
     "车辆长期未按期保养，多处运动部件磨损严重。"},
    {"客户反映车辆有异常现象，但描述不够具体，需要到现场确认。",
     "新车交付时发现外观有划伤，客户要求处理。",
     "客户反映随车资料不全，缺少保养手册和合格证复印件。",
     "客户反映车辆有异味，担心影响驾驶员健康。", "雨天行驶后驾驶室内有渗水现象。"},
};

/* said by the customer about any ticket, after its first sentence */
static const char *const S_sym_more[] = {
    "客户希望尽快安排技术员上门处理，以免影响正常生产。",
    "据客户介绍，该车辆此前没有发生过类似情况。",
    "客户通过服务热线提供了现场照片和视频，已上传至服务系统。",
    "车辆目前停放在客户场站内，可以随时安排检修。",
    "经销商服务网点已先行电话指导，问题未能解决。",
    "客户车队同型号车辆较多，希望一并排查。",
};

static const char *const S_steps_repair[] = {
    "技术员到达现场后首先与客户确认故障现象，并查阅车辆使用和保养记录",
    "使用诊断仪读取故障码并记录冻结帧数据，初步判断故障部位",
    "拆检相关部件，发现插接件端子氧化，清洁后重新压接",
    "按照技术标准对故障部件进行检测，确认部件内部损坏",
    "更换故障部件并按规定力矩紧固，恢复线束和防护",
    "对控制器程序进行升级，升级后清除历史故障码",
    "检查同批次相关部件的状态，未发现同类异常",
    "补充制动液并对制动系统排气，踏板行程恢复正常",
    "调整转向拉杆和前束，四轮定位数据符合要求",
    "对车架裂纹部位进行打磨补焊，并做防锈处理",
    "路试三十分钟，各项功能正常，故障未再出现",
    "将拆下的旧件贴标签封存，按返件管理标准寄回",
    "向驾驶员演示正确的操作方法，说明注意事项",
};

/* non-repair tickets, by type (maintenance, installation, training,
 * inspection): what the customer asked for, then the work done */
static const char *const S_requests[4][3] = {
    {"客户按保养计划预约定期保养，要求在周末完成。", "车辆行驶里程达到保养周期，客户申请上门保养。",
     "客户车队集中保养，共涉及多台车辆，需分批安排。"},
    {"新车已到达客户现场，客户申请上门安装调试并办理交付。",
     "客户新购车辆需要加装车载终端，并完成平台适配。", "客户要求对新到车辆进行交付前检查和安装。"},
    {"客户新招聘一批驾驶员，申请厂家派人进行操作培训。",
     "客户维修班组希望学习日常维护和简单故障排除方法。", "经销商服务网点申请新车型维修技术培训。"},
    {"按年度巡检计划对客户在用车辆进行上门检查。", "同批次部件排查，需要对客户车辆逐台检查。",
     "客户在重要运输任务前申请对车辆进行全面检查。"},
};

static const char *const S_steps_other[4][5] = {
    {"按保养规范完成全车检查，更换滤清器并补充润滑脂", "检查制动、转向、灯光和电气系统，均工作正常",
     "检查轮胎气压和磨损情况，并做好记录", "读取车辆运行数据，评估电池健康状态",
     "填写保养记录，提醒客户下次保养的时间和里程"},
    {"核对车辆配置与合同，检查随车工具和资料", "完成车辆安装调试，各项功能测试正常",
     "安装车载终端并完成平台注册，数据上传正常", "协助客户办理上牌手续，填写交付检查单",
     "向客户讲解保修政策和报修方式"},
    {"为驾驶员和维修人员讲解车辆结构和日常维护要点", "组织现场实操培训，学员逐一完成充电和点检操作",
     "讲解高压安全注意事项，演示应急断电操作", "组织学员进行考核，全部学员考核合格",
     "发放培训资料，并留下服务联系方式"},
    {"对车辆进行巡检，检查紧固件和线束固定情况", "检查关键部件批次信息，与质量部下发的排查清单核对",
     "更新车载终端软件版本，核对远程监控数据", "检查制动和转向系统，未发现异常",
     "形成巡检报告，对发现的问题提出整改建议"},
};

static const char *const S_conclusions[] = {
    "故障已排除，客户对维修结果表示认可。",
    "车辆恢复正常使用，已提醒客户按期进行下次保养。",
    "已向客户讲解日常点检要点，建议每周检查一次轮胎和制动。",
    "本次更换的部件已登记批次信息，纳入关键件质量监控。",
    "客户现场签字确认，服务过程规范。",
    "后续将通过电话回访了解车辆使用情况。",
};

static const char *const S_conclusions_open[] = {
    "已与客户约定上门时间，等待进一步处理。",
    "所需配件已下单，到货后安排技术员上门更换。",
    "故障原因仍在排查中，已向技术部申请支持。",
    "已安排技术员跟进，处理结果另行记录。",
};

static const char *const S_feedback_good[] = {
    "客户对本次维修服务表示满意，技术员到场及时。",
    "客户表示车辆维修后运行正常，对服务态度很满意。",
    "客户认可处理结果，希望以后继续保持响应速度。",
    "车队负责人反馈车辆使用良好，没有再出现故障。",
    "客户对保养服务满意，询问了下次保养的时间。",
};

static const char *const S_feedback_mid[] = {
    "客户认为维修时间偏长，希望配件供应能够更快。",
    "客户表示问题已解决，但等待上门的时间较长。",
    "客户希望技术员在维修后讲解得更详细一些。",
};

static const char *const S_feedback_bad[] = {
    "客户对处理结果不满意，认为同一故障反复出现。",
    "客户反映技术员未按约定时间到达，影响了生产安排。",
};

static const char *const S_actions[] = {"安排技术员复查车辆", "补寄保养手册",
                                        "跟进配件到货情况",   "组织驾驶员操作培训",
                                        "核实费用结算问题",   "反馈质量部分析故障原因"};

static const char *const S_complaint_text[6][3] = {
    {"客户投诉车辆交付不久即多次出现同一故障，影响正常运营，要求彻底解决并给予补偿。",
     "客户反映同批次多台车辆出现类似问题，怀疑存在质量缺陷，要求厂家给出说明。",
     "客户投诉维修后故障再次出现，对产品质量表示担忧。"},
    {"客户投诉服务人员态度生硬，对客户提出的问题不予耐心解释。",
     "客户反映热线人员接听电话时敷衍，未及时记录报修信息。",
     "客户投诉技术员在现场作业后未清理工作区域。"},
    {"客户投诉报修后超过约定时间仍无人上门，车辆停运造成损失。",
     "客户反映多次催促维修进度，均未得到明确答复。",
     "客户投诉紧急报修响应过慢，未按承诺时间到达现场。"},
    {"客户投诉所需配件长时间缺货，车辆无法修复。", "客户反映收到的配件型号错误，耽误了维修时间。",
     "客户投诉配件发货时包装破损，部件有磕碰痕迹。"},
    {"客户对保修期内收取费用有异议，认为应按保修政策免费处理。",
     "客户反映结算单中的工时费用与报价不一致。", "客户投诉发票开具延误，影响财务报销。"},
    {"客户对车辆使用说明的内容有疑问，希望厂家派人讲解。", "客户反映经销商承诺的服务项目未兑现。",
     "客户提出改进车辆配置的建议，希望得到答复。"},
};

static const char *const S_complaint_steps[] = {
    "售后服务部接到投诉后当天登记并转质量管理部和技术部",
    "负责人与客户电话沟通，了解诉求并致歉",
    "安排技术员上门复查车辆，确认问题原因",
    "对同批次车辆进行排查，未发现扩大趋势",
    "与客户协商处理方案并形成书面记录",
    "对相关服务人员进行批评教育并组织再培训",
    "配件中心补发正确配件并加急发运",
    "核对保修政策后退还多收取的费用",
};

static const char *const S_resolutions[] = {
    "已为客户免费更换故障部件，并延长该部件保修期。",
    "已向客户致歉并调整服务人员，客户表示接受。",
    "补发配件已送达，车辆修复后恢复运营。",
    "已按保修政策退还费用，客户确认无异议。",
    "已派技术员上门讲解并提供书面资料。",
    "已督促经销商兑现服务承诺，并纳入经销商考核。",
};

static const char *const S_violations[] = {"未按规定时间完成回访", "使用非原厂配件维修",
                                           "服务记录填写不完整", "保修索赔资料不实"};

static const char *const S_violation_actions[] = {"通报批评", "书面警告", "扣减服务费用",
                                                  "限期整改"};

static const char *const S_courses[] = {
    "EV-100 维修技术培训", "EV-200 维修技术培训",  "EV-300 维修技术培训", "高压电安全操作培训",
    "服务规范与礼仪培训",  "配件管理系统操作培训", "故障诊断仪使用培训"};

static const char *const S_assess_notes[] = {"按时完成回访任务",   "客户满意度较高",
                                             "服务记录规范",       "需加强故障诊断能力",
                                             "响应及时，表现良好", "团队协作积极"};

/* standards: a small, fixed catalogue with one supersede chain per model */
struct standard {
	const char *id, *title, *category, *topic, *version, *status;
	const char *effective, *withdrawn, *supersedes;
	const char *models, *platforms, *owner, *targets;
};

static const struct standard S_standards[] = {
    {"QHD-JS-001-2021", "EV-100 整车维修技术标准", "technical", "EV-100", "1.0", "superseded",
     "2021-01-01", "2024-07-01", NULL, "[EV-100]", NULL, "技术部", NULL},
    {"QHD-JS-001-2024", "EV-100 整车维修技术标准", "technical", "EV-100", "2.0", "effective",
     "2024-07-01", NULL, "QHD-JS-001-2021", "[EV-100]", NULL, "技术部", NULL},
    {"QHD-JS-002-2021", "EV-200 整车维修技术标准", "technical", "EV-200", "1.0", "superseded",
     "2021-01-01", "2023-09-01", NULL, "[EV-200]", NULL, "技术部", NULL},
    {"QHD-JS-002-2023", "EV-200 整车维修技术标准", "technical", "EV-200", "2.0", "effective",
     "2023-09-01", NULL, "QHD-JS-002-2021", "[EV-200]", NULL, "技术部", NULL},
    {"QHD-JS-003-2021", "EV-300 整车维修技术标准", "technical", "EV-300", "1.0", "superseded",
     "2021-01-01", "2025-03-01", NULL, "[EV-300]", NULL, "技术部", NULL},
    {"QHD-JS-003-2025", "EV-300 整车维修技术标准", "technical", "EV-300", "2.0", "effective",
     "2025-03-01", NULL, "QHD-JS-003-2021", "[EV-300]", NULL, "技术部", NULL},
    {"QHD-JS-010", "车载平台安装技术要求", "technical", "车载", "1.0", "effective", "2021-06-01",
     NULL, NULL, NULL, "[车载]", "技术部", NULL},
    {"QHD-JS-011", "舰载平台安装技术要求", "technical", "舰载", "1.0", "effective", "2021-06-01",
     NULL, NULL, NULL, "[舰载]", "技术部", NULL},
    {"QHD-JS-012", "机载平台安装技术要求", "technical", "机载", "1.0", "effective", "2021-06-01",
     NULL, NULL, NULL, "[机载]", "技术部", NULL},
    {"QHD-JS-013", "地面平台安装技术要求", "technical", "地面", "1.0", "effective", "2021-06-01",
     NULL, NULL, NULL, "[地面]", "技术部", NULL},
    {"QHD-GL-001", "售后服务培训管理标准", "management", "training", "1.2", "effective",
     "2021-01-01", NULL, NULL, NULL, NULL, "售后服务部", NULL},
    {"QHD-GL-002", "维修保障管理标准", "management", "maintenance_support", "1.1", "effective",
     "2021-01-01", NULL, NULL, "[EV-100, EV-200, EV-300]", NULL, "售后服务部",
     "{arrival_hours: 24}"},
    {"QHD-GL-003", "返厂产品管理标准", "management", "returned_products", "1.0", "effective",
     "2021-01-01", NULL, NULL, NULL, NULL, "质量管理部", NULL},
    {"QHD-GL-004", "用户走访管理标准", "management", "user_visits", "1.3", "effective",
     "2021-01-01", NULL, NULL, NULL, NULL, "售后服务部",
     "{follow_up_rate: 100, satisfaction_rate: 98}"},
    {"QHD-GL-005", "重大任务及应急保障管理标准", "management", "emergency_support", "1.0",
     "effective", "2021-01-01", NULL, NULL, NULL, NULL, "售后服务部", NULL},
    {"QHD-GL-006", "备品备件管理标准", "management", "spare_parts", "1.1", "effective",
     "2021-01-01", NULL, NULL, NULL, NULL, "配件中心", "{parts_accuracy: 98}"},
    {"QHD-GL-007", "售后服务培训管理标准（修订稿）", "management", "training", "2.0", "draft", NULL,
     NULL, NULL, NULL, NULL, "售后服务部", NULL},
    {"QHD-GZ-001", "服务信息处理工作标准", "work", "information_processing", "1.0", "effective",
     "2021-03-01", NULL, NULL, NULL, NULL, "售后服务部", "{complaint_close_days: 7}"},
    {"QHD-GZ-002", "服务团队建设工作标准", "work", "team_building", "1.0", "effective",
     "2021-03-01", NULL, NULL, NULL, NULL, "售后服务部", NULL},
    {"QHD-GZ-003", "服务人员行为规范", "work", "code_of_conduct", "2.0", "effective", "2023-01-01",
     NULL, "QHD-GZ-006", NULL, NULL, "售后服务部", NULL},
    {"QHD-GZ-004", "用户回访工作标准", "work", "follow_up", "1.1", "effective", "2021-03-01", NULL,
     NULL, NULL, NULL, "售后服务部", NULL},
    {"QHD-GZ-005", "服务人员考核工作标准", "work", "assessment", "1.0", "effective", "2021-03-01",
     NULL, NULL, NULL, NULL, "人力资源部", NULL},
    {"QHD-GZ-006", "服务人员行为规范", "work", "code_of_conduct", "1.0", "superseded", "2021-01-01",
     "2023-01-01", NULL, NULL, NULL, "售后服务部", NULL},
    {"QHD-GZ-007", "热线服务工作标准", "work", "information_processing", "1.0", "withdrawn",
     "2021-01-01", "2022-12-31", NULL, NULL, NULL, "售后服务部", NULL},
};

/* indexes into S_standards used by tickets */
#define STD_GL_MAINT 11
#define STD_GL_EMERG 14
#define STD_GL_TRAIN 10
#define STD_PLATFORM0 6

static const char *const S_std_sections[] = {
    "本标准规定了售后服务工作的职责分工、工作内容、工作要求和检查考核。",
    "本标准适用于公司售后服务部及各经销商服务网点的相关工作。",
    "售后服务部负责本标准的组织实施，质量管理部负责监督检查。",
    "服务人员接到报修信息后，应在规定时间内与客户取得联系并确认故障情况。",
    "现场服务应严格执行安全操作规程，高压部件作业必须由持证人员完成。",
    "维修完成后应填写服务记录，由客户签字确认，并在系统中及时关闭工单。",
    "更换的关键零部件应记录批次信息，旧件按返件管理要求妥善保管。",
    "保修期内的服务项目应在服务结束后七日内完成电话回访。",
    "对客户投诉应做到有记录、有处理、有回复、有验证，形成闭环管理。",
    "配件发运前应逐项核对型号和数量，确保发运准确率不低于目标值。",
    "各服务网点应每周汇总服务信息，按时上报周报和月报。",
    "服务人员应着统一工装，言行文明，不得向客户索取任何财物。",
    "考核结果与绩效挂钩，连续两期考核不合格者应重新培训。",
    "应急保障任务应成立专项小组，明确联系人和响应时限。",
};

/* ------------------------------------------------------------ parameters */

static long S_n;
static long S_ncust, S_neq, S_nsvc, S_nvis_target;
#define NDEALERS 60L
#define NSTAFF 150L

static long S_eq_first, S_eq_last;   /* delivery days of units */
static long S_svc_first, S_svc_last; /* reported days of tickets */
static long S_std_switch[3];         /* day v2 of each model's standard starts */

static long S_techs[NREGIONS][NSTAFF], S_ntechs[NREGIONS];
static long S_hotline[NSTAFF], S_nhotline;
static long S_supervisors[NSTAFF], S_nsupervisors;
static long S_all_active[NSTAFF], S_nactive;

static long S_followups_ticket, S_visits;

/* per customer: last ticket as year * 1000000 + seq, 0 if none */
static long *S_last_ticket;

/* --------------------------------------------------------- derived facts */

static long
S_delivered(long e)
{
	return S_eq_first + (long)((long long)e * (S_eq_last - S_eq_first) / S_neq);
}

/* number of units delivered strictly before `day` */
static long
S_units_before(long day)
{
	long long k;

	if (day <= S_eq_first)
		return 0;
	k = (long long)(day - S_eq_first) * S_neq / (S_eq_last - S_eq_first);
	if (k > S_neq)
		k = S_neq;
	/* the formula may be one too high at exact boundaries */
	while (k > 0 && S_delivered((long)k - 1) >= day)
		k--;
	return (long)k;
}

static long
S_owner(long e)
{
	return e % S_ncust;
}

static int
S_model(long e)
{
	uint32_t h = S_hash((uint32_t)e * 3u + 1u) % 10;

	return h < 4 ? 0 : h < 8 ? 1 : 2;
}

static int
S_platform(long e)
{
	uint32_t h = S_hash((uint32_t)e * 5u + 2u) % 10;

	return h < 6 ? 0 : h < 7 ? 1 : h < 8 ? 2 : 3;
}

static long
S_warranty_until(long e)
{
	/* one, two or three years, by contract */
	int years = 1 + (int)(S_hash((uint32_t)e * 7u + 3u) % 3);

	return S_delivered(e) + 365L * years;
}

static long
S_dealer_of(long c)
{
	return (c * 7919L + 13) % NDEALERS;
}
static int
S_region_of_dealer(long d)
{
	return (int)(d % NREGIONS);
}
static int
S_region_of(long c)
{
	return S_region_of_dealer(S_dealer_of(c));
}

/* customer since: a little before the first unit (its index is c) */
static long
S_since(long c)
{
	return S_delivered(c) - (long)(S_hash((uint32_t)c) % 90);
}

static void
S_unit_id(char *dst, size_t len, long e)
{
	snprintf(dst, len, "%s-%d-%07ld", S_model_codes[S_model(e)], S_year(S_delivered(e)), e + 1);
}

static void
S_person(struct buf *b)
{
	S_puts(b, PICK(S_surnames));
	S_puts(b, PICK(S_given));
	if (S_pm(700))
		S_puts(b, PICK(S_given));
}

static void
S_mobile(struct buf *b)
{
	static const char *const pre[] = {"138", "139", "137", "136", "135", "150",
	                                  "151", "158", "186", "189", "177"};

	if (S_pm(150))
		S_printf(b, "\"0%ld-%08ld\"", S_range(10, 99), S_range(20000000, 89999999));
	else if (S_pm(500))
		S_printf(b, "\"+86 %s%08ld\"", PICK(pre), S_rn(100000000));
	else
		S_printf(b, "\"%s%08ld\"", PICK(pre), S_rn(100000000));
}

/* ------------------------------------------------------------ kinds */

static void
S_gen_config(void)
{
	static const char cfg[] = "# 基准测试用的合成数据（tests/bench/gen-records 生成）\n"
	                          "title: 华东装备售后服务\n"
	                          "lang: zh-CN\n"
	                          "timezone: \"+08:00\"\n"
	                          "regions: [华东, 华南, 华北, 华中, 西南, 西北, 东北]\n"
	                          "models: [EV-100, EV-200, EV-300]\n"
	                          "platforms: [车载, 舰载, 机载, 地面]\n"
	                          "follow_up_window_days: 7\n"
	                          "satisfied_at: 4\n"
	                          "targets:\n"
	                          "  follow_up_rate: 100\n"
	                          "  satisfaction_rate: 98\n"
	                          "  parts_accuracy: 98\n"
	                          "  arrival_hours: 24\n"
	                          "  complaint_close_days: 7\n"
	                          "default_alert_threshold: 5\n"
	                          "pii: mask\n"
	                          "rules: { follow-up-overdue: warning }\n"
	                          "ignore: [drafts/**]\n"
	                          "limits: { file_bytes: 1048576, depth: 32 }\n";
	static const char readme[] = "# 售后服务记录库（合成数据）\n\n"
	                             "由 `tests/bench/gen-records` 生成，仅用于性能测试。\n";

	S_write_raw(".", "svcgen.yaml", cfg, sizeof cfg - 1);
	S_write_raw(".", "README.md", readme, sizeof readme - 1);
}

static void
S_gen_standards(void)
{
	size_t i;
	long k;

	for (i = 0; i < NELEM(S_standards); i++) {
		const struct standard *s = &S_standards[i];
		struct buf *b = &S_out;

		S_printf(b,
		         "---\nid: %s\ntitle: %s\ncategory: %s\ntopic: %s\n"
		         "version: \"%s\"\nstatus: %s\n",
		         s->id, s->title, s->category, s->topic, s->version, s->status);
		if (s->effective)
			S_printf(b, "effective: %s\n", s->effective);
		if (s->withdrawn)
			S_printf(b, "withdrawn: %s\n", s->withdrawn);
		if (s->supersedes)
			S_printf(b, "supersedes: %s\n", s->supersedes);
		if (s->models || s->platforms) {
			S_puts(b, "applies_to:\n");
			if (s->models)
				S_printf(b, "  models: %s\n", s->models);
			if (s->platforms)
				S_printf(b, "  platforms: %s\n", s->platforms);
		}
		S_printf(b, "owner: %s\n", s->owner);
		if (s->targets)
			S_printf(b, "targets: %s\n", s->targets);
		S_printf(b,
		         "---\n\n# %s\n\n## 1 范围\n\n%s%s\n\n## 2 职责\n\n%s\n\n"
		         "## 3 工作要求\n\n",
		         s->title, S_std_sections[0], S_std_sections[1], S_std_sections[2]);
		for (k = 0; k < 6 + (long)(i % 5); k++)
			S_printf(b, "%ld. %s\n", k + 1,
			         S_std_sections[3 + (i + (size_t)k * 3) % 11]);
		S_puts(b, "\n## 4 检查与考核\n\n");
		S_printf(b, "%s\n", S_std_sections[12]);
		S_emit(K_STANDARDS, NULL, s->id, "md");
	}
}

static void
S_training_list(struct buf *b, const char *indent, long from_day)
{
	long k, n = S_rn(3);

	if (!n)
		return;
	S_printf(b, "%strainings:\n", indent);
	for (k = 0; k < n; k++) {
		long score = S_range(62, 99);

		S_printf(b, "%s  - date: ", indent);
		S_date(b, from_day + S_rn(1200));
		S_printf(b,
		         "\n%s    course: %s\n%s    standard: %s\n"
		         "%s    result: %s\n%s    score: %ld\n",
		         indent, PICK(S_courses), indent, S_standards[STD_GL_TRAIN].id, indent,
		         score >= 70 ? "pass" : "fail", indent, score);
	}
}

static void
S_gen_staff(void)
{
	static const char *const roles[] = {"technician", "technician", "technician", "technician",
	                                    "technician", "technician", "engineer",   "engineer",
	                                    "hotline",    "supervisor"};
	long i, k;
	char id[32];

	for (i = 0; i < NSTAFF; i++) {
		struct buf *b = &S_out;
		int region = (int)(i % NREGIONS);
		const char *role = i == 0 ? "manager" : roles[(i / NREGIONS) % 10];
		int active = i % 23 != 22;
		long joined = S_days(2015, 1, 1) + S_rn(2200);

		snprintf(id, sizeof id, "ST-%04ld", i + 1);
		S_printf(b, "id: %s\nname: ", id);
		S_person(b);
		S_printf(b, "\nrole: %s\nregion: %s\nphone: ", role, S_regions[region]);
		S_mobile(b);
		S_printf(b,
		         "\nemail: st%04ld@svc.example.cn\nactive: %s\n"
		         "joined: ",
		         i + 1, active ? "true" : "false");
		S_date(b, joined);
		S_puts(b, "\n");
		if (!strcmp(role, "technician") || !strcmp(role, "engineer")) {
			S_puts(b, "skills: [");
			S_puts(b, S_models[i % 3]);
			if (i % 2)
				S_printf(b, ", %s", S_models[(i + 1) % 3]);
			S_puts(b, "]\n");
			if (active)
				S_techs[region][S_ntechs[region]++] = i;
		} else if (active && !strcmp(role, "hotline")) {
			S_hotline[S_nhotline++] = i;
		} else if (active) {
			S_supervisors[S_nsupervisors++] = i;
		}
		if (active)
			S_all_active[S_nactive++] = i;
		S_training_list(b, "", S_days(2021, 3, 1));
		S_puts(b, "assessments:\n");
		for (k = 0; k < 2; k++)
			S_printf(b,
			         "  - period: 2025-%02ld\n    score: %ld.%ld\n"
			         "    note: %s\n",
			         6 * k + 6, S_range(70, 98), S_rn(10), PICK(S_assess_notes));
		S_emit(K_STAFF, NULL, id, "yaml");
	}
	for (i = 0; i < NREGIONS; i++)
		if (!S_ntechs[i])
			S_die("no technician in a region", S_regions[i]);
	if (!S_nhotline || !S_nsupervisors)
		S_die("staff table lacks hotline or supervisors", NULL);
}

static void
S_staff_ref(struct buf *b, long i)
{
	S_printf(b, "ST-%04ld", i + 1);
}

static void
S_gen_parts(void)
{
	long i;
	char id[32];

	for (i = 0; i < NPARTS; i++) {
		struct buf *b = &S_out;
		const struct part *p = &S_parts[i];

		snprintf(id, sizeof id, "P-%04ld", i + 1);
		S_printf(b, "id: %s\nname: %s\nkey: %s\nunit_cost: ", id, p->name,
		         p->key ? "true" : "false");
		S_money(b, p->cents);
		S_printf(b, "\nsupplier: %s\n", S_suppliers[(size_t)i % NELEM(S_suppliers)]);
		if (p->key)
			S_printf(b, "alert_threshold: %ld\n", 5 + i % 4);
		S_emit(K_PARTS, NULL, id, "yaml");
	}
}

static void
S_contact_list(struct buf *b, long n, const char *tag, long num)
{
	long k;

	S_puts(b, "contacts:\n");
	for (k = 0; k < n; k++) {
		S_puts(b, "  - name: ");
		S_person(b);
		S_printf(b, "\n    role: %s\n    phone: ", PICK(S_contact_roles));
		S_mobile(b);
		S_puts(b, "\n");
		if (S_pm(600))
			S_printf(b, "    email: %s%06ld.%ld@example.com.cn\n", tag, num, k + 1);
	}
}

static void
S_gen_dealers(void)
{
	long d;
	char id[32];

	for (d = 0; d < NDEALERS; d++) {
		struct buf *b = &S_out;
		int r = S_region_of_dealer(d);

		snprintf(id, sizeof id, "DL-%04ld", d + 1);
		S_printf(b,
		         "id: %s\nname: %s%s汽车销售服务有限公司\nregion: %s\n"
		         "service_outlet: %s\n",
		         id, S_cities[r][d / NREGIONS % 6], PICK(S_firm_mid), S_regions[r],
		         S_pm(700) ? "true" : "false");
		S_contact_list(b, 1 + S_rn(2), "dl", d + 1);
		S_training_list(b, "", S_days(2021, 3, 1));
		if (d % 9 == 4) {
			S_puts(b, "violations:\n  - date: ");
			S_date(b, S_days(2023, 1, 1) + S_rn(900));
			S_printf(b, "\n    description: %s\n    action: %s\n", PICK(S_violations),
			         PICK(S_violation_actions));
		}
		S_emit(K_DEALERS, NULL, id, "yaml");
	}
}

static void
S_gen_customers(void)
{
	long c;
	char id[32], sub[16];

	for (c = 0; c < S_ncust; c++) {
		struct buf *b = &S_out;
		long dealer = S_dealer_of(c), since = S_since(c);
		int r = S_region_of(c);
		const char *city = S_cities[r][S_rn(6)];

		snprintf(id, sizeof id, "C-%06ld", c + 1);
		S_printf(b, "id: %s\nname: %s%s%s%s\nregion: %s\n", id, city, PICK(S_firm_mid),
		         PICK(S_firm_trade), PICK(S_firm_suffix), S_regions[r]);
		S_printf(b, "address: %s市%s%s%ld号\n", city, PICK(S_districts), PICK(S_roads),
		         S_range(1, 888));
		S_contact_list(b, 1 + S_rn(3), "c", c + 1);
		S_printf(b, "dealer: DL-%04ld\nsince: ", dealer + 1);
		S_date(b, since);
		S_puts(b, "\n");
		if (S_pm(700)) {
			S_printf(b, "tags: [%s", PICK(S_firm_trade));
			if (S_pm(400))
				S_printf(b, ", %s", S_tags[S_rn(6)]);
			S_puts(b, "]\n");
		}
		snprintf(sub, sizeof sub, "%04d", S_year(since));
		S_emit(K_CUSTOMERS, sub, id, "yaml");
	}
}

static void
S_gen_equipment(void)
{
	static const char *const status[] = {"under_repair", "returned", "retired"};
	long e, k;
	char id[64], sub[16];

	for (e = 0; e < S_neq; e++) {
		struct buf *b = &S_out;
		long del = S_delivered(e);
		int y, m, d;

		S_civil(del, &y, &m, &d);
		S_unit_id(id, sizeof id, e);
		S_printf(b,
		         "id: %s\nmodel: %s\nplatform: %s\ncustomer: C-%06ld\n"
		         "delivered: ",
		         id, S_models[S_model(e)], S_platforms[S_platform(e)], S_owner(e) + 1);
		S_date(b, del);
		S_puts(b, "\nwarranty_until: ");
		S_date(b, S_warranty_until(e));
		S_printf(b, "\nstatus: %s\n", S_pm(950) ? "in_service" : PICK(status));
		S_puts(b, "components:\n");
		for (k = 0; k < NKEYPARTS; k++) {
			if (k > 2 && !S_pm(500))
				continue;
			/* batches per part and month, so batch defects cluster */
			S_printf(b,
			         "  - part: P-%04ld\n    serial: %c%02d%02d-%05ld\n"
			         "    batch: B%02d%02d-%c\n",
			         k + 1, S_key_letter[k], y % 100, m, S_rn(100000), y % 100, m,
			         (char)('A' + S_rn(3)));
		}
		snprintf(sub, sizeof sub, "%04d/%02d", y, m);
		S_emit(K_EQUIPMENT, sub, id, "yaml");
	}
}

/* ---------------------------------------------------------------- visits */

struct visit {
	const char *id;
	const char *kind;
	long t;
	long customer;
	const char *service;   /* or NULL */
	const char *complaint; /* or NULL */
	const char *channel;
	long by;
	int reached;
	int offset; /* write +08:00 */
};

static int
S_rating(void)
{
	long r = S_rn(1000);

	return r < 700 ? 5 : r < 975 ? 4 : r < 990 ? 3 : r < 996 ? 2 : 1;
}

static void
S_write_visit(const struct visit *v)
{
	struct buf *b = &S_out;
	char sub[16];
	int rating = 0;

	S_printf(b, "id: %s\nkind: %s\ndate: ", v->id, v->kind);
	S_datetime(b, v->t, v->offset);
	S_printf(b, "\ncustomer: C-%06ld\n", v->customer + 1);
	if (v->service)
		S_printf(b, "service: %s\n", v->service);
	if (v->complaint)
		S_printf(b, "complaint: %s\n", v->complaint);
	S_printf(b, "channel: %s\nby: ", v->channel);
	S_staff_ref(b, v->by);
	S_printf(b, "\nreached: %s\n", v->reached ? "true" : "false");
	if (v->reached && S_pm(900)) {
		rating = S_rating();
		S_printf(b, "satisfaction: %d\n", rating);
	}
	if (v->reached) {
		S_printf(b, "feedback: %s\n",
		         rating == 0 || rating >= 4 ? PICK(S_feedback_good)
		         : rating == 3              ? PICK(S_feedback_mid)
		                                    : PICK(S_feedback_bad));
		if (S_pm(rating && rating < 4 ? 800 : 60)) {
			S_puts(b, "actions:\n  - action: ");
			S_puts(b, PICK(S_actions));
			S_puts(b, "\n    owner: ");
			S_staff_ref(b, S_all_active[S_rn(S_nactive)]);
			S_puts(b, "\n    due: ");
			S_date(b, v->t / MIN_PER_DAY + 7);
			S_printf(b, "\n    done: %s\n", S_pm(800) ? "true" : "false");
		}
	} else {
		S_puts(b, "feedback: 电话无人接听，改日再次回访。\n");
	}
	S_ym_dir(sub, sizeof sub, v->t / MIN_PER_DAY);
	S_emit(K_VISITS, sub, v->id, "yaml");
	S_visits++;
}

/* a time during office hours on `day` */
static long
S_office(long day)
{
	return day * MIN_PER_DAY + S_range(8 * 60 + 30, 17 * 60 + 30);
}

/* ---------------------------------------------------------- complaints */

static const char *const S_complaint_channels[] = {"hotline", "hotline", "phone", "email",
                                                   "onsite",  "dealer",  "online"};
static const char *const S_complaint_cats[] = {
    "product_quality", "service_attitude", "response_time", "parts", "billing", "other"};

static long S_complaint_seq[3000];

static void
S_gen_complaint(const char *ticket, long c, long t_reported, long unit)
{
	struct buf *b = &S_out;
	char id[32], vid[40], sub[16], unit_id[64];
	long received = t_reported + S_range(60 * 24, 60 * 24 * 20);
	long resolved = received + S_range(4 * 60, 6 * MIN_PER_DAY);
	int cat = (int)S_rn(6), closed = S_pm(880);
	long sev = S_rn(100), k, nsteps;
	const char *resolution = PICK(S_resolutions);
	int y = S_year(received / MIN_PER_DAY);
	long owner = S_supervisors[S_rn(S_nsupervisors)];

	snprintf(id, sizeof id, "CP-%04d-%05ld", y, ++S_complaint_seq[y]);
	snprintf(vid, sizeof vid, "HC-%04d-%05ld", y, S_complaint_seq[y]);
	S_printf(b, "---\nid: %s\nreceived: ", id);
	S_datetime(b, received, 1);
	S_printf(b, "\ncustomer: C-%06ld\nservice: %s\n", c + 1, ticket);
	if (unit >= 0) {
		S_unit_id(unit_id, sizeof unit_id, unit);
		S_printf(b, "equipment: %s\n", unit_id);
	}
	S_printf(b, "channel: %s\ncategory: %s\nseverity: %s\nowner: ", PICK(S_complaint_channels),
	         S_complaint_cats[cat],
	         sev < 40   ? "low"
	         : sev < 80 ? "medium"
	         : sev < 95 ? "high"
	                    : "critical");
	S_staff_ref(b, owner);
	S_printf(b,
	         "\ndepartments: [%s, %s]\nstatus: %s\nresolution: |\n  %s\n"
	         "  %s\nresolved: ",
	         S_departments[0], S_departments[1 + S_rn(5)], closed ? "closed" : "resolved",
	         resolution, "处理结果已向客户说明。");
	S_datetime(b, resolved, 1);
	S_puts(b, "\n");
	if (closed)
		S_printf(b, "confirmation: %s\n", vid);
	S_printf(b, "---\n\n## 投诉内容\n\n%s\n\n## 处理经过\n\n", S_complaint_text[cat][S_rn(3)]);
	nsteps = 3 + S_rn(2);
	for (k = 0; k < nsteps; k++)
		S_printf(b, "- %s\n",
		         S_complaint_steps[(size_t)(k * 2 + S_rn(2)) % NELEM(S_complaint_steps)]);
	S_printf(b, "\n## 处理结果\n\n%s\n", resolution);
	S_ym_dir(sub, sizeof sub, received / MIN_PER_DAY);
	S_emit(K_COMPLAINTS, sub, id, "md");

	if (closed) {
		struct visit v;

		memset(&v, 0, sizeof v);
		v.id = vid;
		v.kind = "complaint_confirmation";
		v.t = S_office(resolved / MIN_PER_DAY + S_range(1, 2));
		v.customer = c;
		v.complaint = id;
		v.channel = "phone";
		v.by = S_hotline[S_rn(S_nhotline)];
		v.reached = 1;
		v.offset = 1;
		S_write_visit(&v);
	}
}

/* ----------------------------------------------------------- shipments */

static long S_shipment_seq[3000];

struct line {
	long part, qty;
};

static void
S_gen_shipment(const char *ticket, long c, long day, const struct line *lines, long nlines)
{
	static const char *const issues[] = {"wrong_part", "wrong_qty", "damaged", "late"};
	struct buf *b = &S_out;
	char id[32], sub[16];
	int y = S_year(day);
	long k;

	snprintf(id, sizeof id, "FH-%04d-%06ld", y, ++S_shipment_seq[y]);
	S_printf(b, "id: %s\ndate: ", id);
	S_date(b, day);
	if (c >= 0 && S_pm(600))
		S_printf(b, "\nto: C-%06ld\n", c + 1);
	else
		S_printf(b, "\nto: DL-%04ld\n", (c >= 0 ? S_dealer_of(c) : S_rn(NDEALERS)) + 1);
	if (ticket)
		S_printf(b, "service: %s\n", ticket);
	S_puts(b, "lines:\n");
	for (k = 0; k < nlines; k++) {
		int ok = !S_pm(15);

		S_printf(b, "  - part: P-%04ld\n    qty: %ld\n    correct: %s\n", lines[k].part + 1,
		         lines[k].qty, ok ? "true" : "false");
		if (!ok)
			S_printf(b, "    issue: %s\n", PICK(issues));
		else if (S_pm(300))
			S_puts(b, "    issue: none\n");
	}
	S_ym_dir(sub, sizeof sub, day);
	S_emit(K_SHIPMENTS, sub, id, "yaml");
}

/* ------------------------------------------------------------- tickets */

enum { ST_OPEN, ST_ASSIGNED, ST_IN_PROGRESS, ST_AWAITING, ST_RESOLVED, ST_CLOSED, ST_CANCELLED };
static const char *const S_status[] = {"open",     "assigned", "in_progress", "awaiting_parts",
                                       "resolved", "closed",   "cancelled"};

enum { TY_ONSITE, TY_RETURN, TY_EMERGENCY, TY_MAINT, TY_INSTALL, TY_TRAINING, TY_INSPECT };
static const char *const S_types[] = {"onsite_repair", "return_repair", "emergency", "maintenance",
                                      "installation",  "training",      "inspection"};

static int
S_pick_type(void)
{
	long r = S_rn(100);

	return r < 35   ? TY_ONSITE
	       : r < 45 ? TY_RETURN
	       : r < 50 ? TY_EMERGENCY
	       : r < 70 ? TY_MAINT
	       : r < 78 ? TY_INSTALL
	       : r < 85 ? TY_TRAINING
	                : TY_INSPECT;
}

/* the status of a ticket reported `age` days before the end of the data */
static int
S_pick_status(long age)
{
	if (S_pm(55))
		return ST_CANCELLED;
	if (age > 40)
		return ST_CLOSED;
	if (age < 3)
		return S_pm(500) ? ST_OPEN : ST_ASSIGNED;
	if (age < 10)
		return (int)S_range(ST_ASSIGNED, ST_AWAITING);
	if (age < 25)
		return (int)S_range(ST_IN_PROGRESS, ST_RESOLVED);
	return S_pm(300) ? ST_RESOLVED : ST_CLOSED;
}

static long S_ticket_seq[3000];

static void
S_gen_ticket(long i)
{
	struct buf *b = &S_out;
	long day = S_svc_first + (long)((long long)i * (S_svc_last - S_svc_first + 1) / S_nsvc);
	long reported = day * MIN_PER_DAY + S_range(7 * 60, 20 * 60 + 59);
	int type = S_pick_type(), st = S_pick_status(S_svc_last - day);
	int repair = type == TY_ONSITE || type == TY_RETURN || type == TY_EMERGENCY;
	int level = st == ST_CANCELLED ? -1 : st;
	int y = S_year(day), off = (int)(i % 3 != 0);
	long avail = S_units_before(day), unit, units[2], nunits = 0, c, k;
	long arrived = -1, resolved = -1, closed = -1, base;
	int in_warranty = 0, fcat = -1, model;
	long fpart = -1, labor_min = 0, parts_cents = 0;
	struct line lines[3];
	long nlines = 0;
	char id[32], sub[16], uid[64];

	if (avail <= 0)
		S_die("no unit delivered before the first ticket", NULL);
	/* newer units see more service: a third of the picks among the latest 40 % */
	if (S_pm(330))
		unit = avail - 1 - S_rn(avail * 2 / 5 + 1);
	else
		unit = S_rn(avail);
	if (unit < 0)
		unit = 0;
	c = S_owner(unit);
	units[nunits++] = unit;
	if (S_pm(80)) {
		/* a second unit of the same customer */
		if (unit - S_ncust >= 0)
			units[nunits++] = unit - S_ncust;
		else if (unit + S_ncust < avail)
			units[nunits++] = unit + S_ncust;
	}
	if (!repair && !(type == TY_TRAINING ? S_pm(300) : S_pm(900)))
		nunits = 0;
	for (k = 0; k < nunits; k++)
		if (S_warranty_until(units[k]) >= day)
			in_warranty = 1;
	model = S_model(unit);

	snprintf(id, sizeof id, "SR-%04d-%06ld", y, ++S_ticket_seq[y]);
	S_printf(b, "---\nid: %s\ntype: %s\nstatus: %s\ncustomer: C-%06ld\n", id, S_types[type],
	         S_status[st], c + 1);
	if (nunits) {
		S_puts(b, "equipment: [");
		for (k = 0; k < nunits; k++) {
			S_unit_id(uid, sizeof uid, units[k]);
			S_printf(b, "%s%s", k ? ", " : "", uid);
		}
		S_puts(b, "]\n");
	}
	S_puts(b, "reported: ");
	S_datetime(b, reported, off);
	S_puts(b, "\n");

	/* times: reported <= arrived <= resolved <= closed */
	if (level >= ST_IN_PROGRESS &&
	    (type == TY_ONSITE || type == TY_EMERGENCY ||
	     ((type == TY_MAINT || type == TY_INSTALL || type == TY_INSPECT) && S_pm(800)))) {
		if (type == TY_EMERGENCY)
			arrived = reported + S_range(30, 6 * 60);
		else if (type == TY_ONSITE)
			arrived = reported + S_range(2 * 60, 40 * 60);
		else
			arrived = S_office(day + S_range(1, 5));
	}
	base = arrived >= 0 ? arrived : reported;
	if (level >= ST_RESOLVED) {
		if (type == TY_RETURN)
			resolved = base + S_range(3 * MIN_PER_DAY, 15 * MIN_PER_DAY);
		else
			resolved = base + S_range(40, 30 * 60);
	}
	if (level >= ST_CLOSED)
		closed = resolved + S_range(10, 72 * 60);
	if (arrived >= 0) {
		S_puts(b, "arrived: ");
		S_datetime(b, arrived, off);
		S_puts(b, "\n");
	}
	if (resolved >= 0) {
		S_puts(b, "resolved: ");
		S_datetime(b, resolved, off);
		S_puts(b, "\n");
	}
	if (closed >= 0) {
		S_puts(b, "closed: ");
		S_datetime(b, closed, off);
		S_puts(b, "\n");
	}
	if (level >= ST_ASSIGNED || (st == ST_CANCELLED && S_pm(500))) {
		int r = S_region_of(c);
		long t1 = S_techs[r][S_rn(S_ntechs[r])];

		S_puts(b, "technicians: [");
		S_staff_ref(b, t1);
		if (S_pm(250) && S_ntechs[r] > 1) {
			long t2 = S_techs[r][S_rn(S_ntechs[r])];

			if (t2 != t1) {
				S_puts(b, ", ");
				S_staff_ref(b, t2);
			}
		}
		S_puts(b, "]\n");
	}
	if (nunits && S_pm(700)) {
		/* the model's technical standard in force on the reported day */
		S_printf(b, "standards: [%s",
		         S_standards[model * 2 + (day >= S_std_switch[model])].id);
		if (type == TY_EMERGENCY)
			S_printf(b, ", %s", S_standards[STD_GL_EMERG].id);
		else if (type == TY_MAINT && S_pm(300))
			S_printf(b, ", %s", S_standards[STD_GL_MAINT].id);
		else if (type == TY_INSTALL)
			S_printf(b, ", %s", S_standards[STD_PLATFORM0 + S_platform(unit)].id);
		S_puts(b, "]\n");
	}
	if (repair) {
		long r = S_rn(100);

		fcat = r < 30   ? FC_ELECTRICAL
		       : r < 50 ? FC_MECHANICAL
		       : r < 62 ? FC_HYDRAULIC
		       : r < 74 ? FC_SOFTWARE
		       : r < 90 ? FC_WEAR
		       : r < 95 ? FC_MISUSE
		                : FC_OTHER;
		fpart = S_pick_part(fcat);
		S_printf(b,
		         "fault:\n  component: P-%04ld\n  category: %s\n"
		         "  description: %s\n",
		         fpart + 1, S_fault_cat[fcat], S_fault_desc[fcat][S_rn(6)]);
	}
	if ((repair && level >= ST_AWAITING && S_pm(800)) ||
	    (type == TY_MAINT && level >= ST_RESOLVED && S_pm(600))) {
		lines[nlines].part =
		    fpart >= 0 ? fpart : S_parts_by_cat[FC_WEAR][S_rn(S_nparts_by_cat[FC_WEAR])];
		lines[nlines++].qty = 1 + (S_pm(150) ? S_rn(3) : 0);
		if (S_pm(250)) {
			long p = S_rn(NPARTS);

			if (p != lines[0].part) {
				lines[nlines].part = p;
				lines[nlines++].qty = 1 + S_rn(4);
			}
		}
		S_puts(b, "parts:\n");
		for (k = 0; k < nlines; k++) {
			long cents = S_parts[lines[k].part].cents * lines[k].qty;
			int warranty = in_warranty && S_pm(900);

			if (!warranty)
				parts_cents += cents;
			S_printf(b,
			         "  - part: P-%04ld\n    qty: %ld\n"
			         "    warranty: %s\n    cost: ",
			         lines[k].part + 1, lines[k].qty, warranty ? "true" : "false");
			S_money(b, warranty ? 0 : cents);
			S_puts(b, "\n");
		}
	}
	if (repair && (level >= ST_CLOSED || (level == ST_RESOLVED && S_pm(500)))) {
		static const char *const keys[] = {"technical_state", "appearance", "workmanship",
		                                   "completeness", "reliability"};

		S_puts(b, "acceptance:\n");
		for (k = 0; k < 5; k++)
			S_printf(b, "  %s: %s\n", keys[k], k == 4 && S_pm(200) ? "na" : "pass");
	}
	if (level >= ST_RESOLVED) {
		labor_min = 30 * S_range(1, 16);
		S_printf(b, "labor_hours: %ld.%ld\ncost:\n  labor: ", labor_min / 60,
		         labor_min % 60 / 6);
		S_money(b, in_warranty ? 0 : labor_min * 200);
		S_puts(b, "\n  parts: ");
		S_money(b, parts_cents);
		S_puts(b, "\n  travel: ");
		S_money(b, arrived >= 0 ? 100 * S_range(50, 600) : 0);
		S_puts(b, "\n");
	}
	if (level >= ST_CLOSED && S_pm(800))
		S_printf(b, "satisfaction: %d\n", S_rating());
	if (S_last_ticket[c] && S_pm(40))
		S_printf(b, "related: [SR-%04ld-%06ld]\n", S_last_ticket[c] / 1000000,
		         S_last_ticket[c] % 1000000);
	S_last_ticket[c] = y * 1000000L + S_ticket_seq[y];
	if (level >= ST_IN_PROGRESS && S_pm(20)) {
		/* a photo; the file must exist under attachments/ */
		static const char jpeg[] = "\xff\xd8\xff\xe0synthetic\xff\xd9";
		char adir[64], aname[64];

		S_ym_dir(sub, sizeof sub, day);
		snprintf(adir, sizeof adir, "attachments/%s", sub);
		snprintf(aname, sizeof aname, "%s-1.jpg", id);
		S_write_raw(adir, aname, jpeg, sizeof jpeg - 1);
		S_printf(b, "attachments: [%s/%s]\n", sub, aname);
	}
	if (S_pm(50))
		S_printf(b, "x-erp-order: \"ERP%04d%06ld\"\n", y, S_ticket_seq[y]);

	/* body: the work notes */
	if (repair) {
		long nsteps = level >= ST_IN_PROGRESS ? 2 + S_rn(3) : 1;
		size_t first = (size_t)S_rn((long)NELEM(S_steps_repair));

		S_puts(b, "---\n\n## 故障现象\n\n");
		S_puts(b, S_sym[fcat][S_rn(5)]);
		if (S_pm(650))
			S_puts(b, PICK(S_sym_more));
		S_puts(b, "\n\n## 处理过程\n\n");
		for (k = 0; k < nsteps; k++)
			S_printf(b, "%ld. %s。\n", k + 1,
			         S_steps_repair[(first + (size_t)k * 2) % NELEM(S_steps_repair)]);
	} else {
		long nsteps = level >= ST_IN_PROGRESS ? 2 + S_rn(3) : 1;
		int t = type - TY_MAINT;
		long first = S_rn(5);

		S_puts(b, "---\n\n## 服务需求\n\n");
		S_puts(b, S_requests[t][S_rn(3)]);
		if (S_pm(650))
			S_puts(b, PICK(S_sym_more));
		S_puts(b, "\n\n## 服务过程\n\n");
		for (k = 0; k < nsteps; k++)
			S_printf(b, "- %s。\n", S_steps_other[t][(first + k) % 5]);
	}
	S_puts(b, "\n## 结论\n\n");
	if (level >= ST_RESOLVED) {
		size_t c1 = (size_t)S_rn((long)NELEM(S_conclusions));

		S_puts(b, S_conclusions[c1]);
		if (S_pm(500))
			S_puts(b, S_conclusions[(c1 + 1 + (size_t)S_rn(3)) % NELEM(S_conclusions)]);
	} else if (st == ST_CANCELLED) {
		S_puts(b, "客户来电取消本次服务申请，工单作废。");
	} else {
		S_puts(b, PICK(S_conclusions_open));
	}
	S_puts(b, "\n");
	S_ym_dir(sub, sizeof sub, day);
	S_emit(K_SERVICE, sub, id, "md");

	/* follow-up visits: every closed ticket under warranty, within the window */
	if (st == ST_CLOSED && (in_warranty || S_pm(100))) {
		struct visit v;
		long cday = closed / MIN_PER_DAY, vday = cday + S_range(1, 3);
		char vid[40], vid2[44];

		memset(&v, 0, sizeof v);
		snprintf(vid, sizeof vid, "HF-%04d-%06ld", y, S_ticket_seq[y]);
		v.kind = "follow_up";
		v.customer = c;
		v.service = id;
		v.channel = S_pm(850) ? "phone" : S_pm(500) ? "sms" : "onsite";
		v.by = S_hotline[S_rn(S_nhotline)];
		v.offset = off;
		if (S_pm(80)) {
			snprintf(vid2, sizeof vid2, "%s-1", vid);
			v.id = vid2;
			v.t = S_office(vday);
			v.reached = 0;
			v.channel = "phone";
			S_write_visit(&v);
			vday += 1 + S_rn(3);
		}
		v.id = vid;
		v.t = S_office(vday);
		v.reached = 1;
		S_write_visit(&v);
		S_followups_ticket++;
	}

	/* complaints: 3 % of N, attached to tickets */
	if (st != ST_CANCELLED && S_pm(3L * 1000 / 33))
		S_gen_complaint(id, c, reported, nunits ? units[0] : -1);

	/* shipments: 6 % of N, most for tickets that replaced parts */
	if (nlines && S_pm(330))
		S_gen_shipment(id, c, day + S_rn(3), lines, nlines);
	else if (S_pm(12)) {
		/* restocking a dealer's outlet, no ticket */
		struct line l[2];

		l[0].part = S_rn(NPARTS);
		l[0].qty = S_range(2, 20);
		l[1].part = (l[0].part + 1 + S_rn(NPARTS - 1)) % NPARTS;
		l[1].qty = S_range(1, 10);
		S_gen_shipment(NULL, -1, day + S_rn(3), l, 1 + S_rn(2));
	}
}

/* routine and training-feedback visits, to bring visits to ~25 % of N */
static void
S_gen_routine_visits(void)
{
	static long seq[3000];
	char id[40];
	long i, n = S_nvis_target - S_visits;

	if (n < S_n / 50)
		n = S_n / 50; /* routine visits happen whatever the follow-ups */
	for (i = 0; i < n; i++) {
		struct visit v;
		long day = S_svc_first + S_rn(S_svc_last - S_svc_first + 1);
		long avail = S_units_before(day);
		long c = S_rn(avail < S_ncust ? avail : S_ncust);
		int y = S_year(day), r = S_region_of(c), training = S_pm(150);

		memset(&v, 0, sizeof v);
		snprintf(id, sizeof id, "%s-%04d-%06ld", training ? "PX" : "ZF", y, ++seq[y]);
		v.id = id;
		v.kind = training ? "training_feedback" : "routine";
		v.t = S_office(day);
		v.customer = c;
		v.channel = training ? "online" : S_pm(700) ? "onsite" : "phone";
		v.by = training ? S_hotline[S_rn(S_nhotline)] : S_techs[r][S_rn(S_ntechs[r])];
		v.reached = !S_pm(30);
		v.offset = 1;
		S_write_visit(&v);
	}
}

/* ------------------------------------------------------------------ main */

int
main(int argc, char **argv)
{
	char *end;
	long i, total = 0;
	int k;
	size_t s;

	if (argc != 3) {
		fprintf(stderr, "usage: gen-records N OUTDIR\n");
		return 2;
	}
	S_n = strtol(argv[1], &end, 10);
	if (*end || S_n < 100 || S_n > 50000000) {
		fprintf(stderr, "gen-records: N must be 100..50000000\n");
		return 2;
	}
	S_outdir = argv[2];
	S_mkdirs(S_outdir);

	S_ncust = S_n * 8 / 100;
	S_neq = S_n * 20 / 100;
	S_nsvc = S_n * 35 / 100;
	S_nvis_target = S_n * 25 / 100;
	S_eq_first = S_days(2021, 1, 1);
	S_eq_last = S_days(2026, 9, 30);
	S_svc_first = S_days(2022, 1, 1);
	S_svc_last = S_days(2026, 10, 31);
	for (k = 0; k < 3; k++)
		S_std_switch[k] = S_parse_date(S_standards[k * 2 + 1].effective);
	for (i = 0; i < NPARTS; i++) {
		int cat = S_parts[i].cat;

		S_parts_by_cat[cat][S_nparts_by_cat[cat]++] = i;
	}
	S_last_ticket = calloc((size_t)S_ncust, sizeof *S_last_ticket);
	if (!S_last_ticket)
		S_die("out of memory", NULL);

	S_gen_config();
	S_gen_standards();
	S_gen_parts();
	S_gen_staff();
	S_gen_dealers();
	S_gen_customers();
	S_gen_equipment();
	for (i = 0; i < S_nsvc; i++)
		S_gen_ticket(i);
	S_gen_routine_visits();

	for (s = 0; s < K_NKINDS; s++) {
		printf("%-11s %ld\n", S_kind_names[s], S_count[s]);
		total += S_count[s];
	}
	printf("followups  %ld\nbytes      %llu\nrecords=%ld\n", S_followups_ticket, S_bytes,
	       total);
	free(S_last_ticket);
	for (s = 0; s < DIRSET; s++)
		free(S_dirset[s]);
	free(S_out.p);
	return 0;
}
