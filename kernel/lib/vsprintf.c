// kernel/lib/vsprintf.c — formatting numbers and strings into a buffer.
//
// Linux: lib/vsprintf.c. Supports the conversions the kernel uses:
// %d %i %u %x %X %o %c %s %p %% with the l, ll, z and h modifiers,
// a width (or *), a precision for strings, and the flags - 0 + space #.
// %pS prints a code address as symbol+offset/size, as Linux does.
// Like snprintf(3), the return value is the length the whole output
// would have had, even when it did not fit.

#include <nook/printk.h>
#include <nook/string.h>
#include <nook/kallsyms.h>

struct out {
	char *buf;
	size_t size;
	size_t len;		/* characters produced so far, stored or not */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

struct spec {
	int width;
	int precision;		/* -1: none */
	bool left, zero, plus, space, alt;
	int base;
	bool upper, is_signed;
};

static void pad(struct out *o, int n, char c)
{
	while (n-- > 0)
		put(o, c);
}

static void put_str(struct out *o, const char *s, const struct spec *sp)
{
	int len;

	if (!s)
		s = "(null)";
	len = strnlen(s, sp->precision < 0 ? (size_t)-1 : (size_t)sp->precision);
	if (!sp->left)
		pad(o, sp->width - len, ' ');
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, sp->width - len, ' ');
}

static void put_num(struct out *o, unsigned long long v, bool negative,
		    const struct spec *sp)
{
	const char *digits = sp->upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	char sign = 0;
	const char *prefix = "";
	int n = 0, width = sp->width, plen;

	do {
		tmp[n++] = digits[v % sp->base];
		v /= sp->base;
	} while (v);

	if (negative)
		sign = '-';
	else if (sp->plus && sp->is_signed)
		sign = '+';
	else if (sp->space && sp->is_signed)
		sign = ' ';
	if (sp->alt && sp->base == 16)
		prefix = sp->upper ? "0X" : "0x";
	else if (sp->alt && sp->base == 8 && tmp[n - 1] != '0')
		prefix = "0";
	plen = strlen(prefix) + (sign != 0);

	width -= n + plen;
	if (!sp->left && !sp->zero)
		pad(o, width, ' ');
	if (sign)
		put(o, sign);
	while (*prefix)
		put(o, *prefix++);
	if (!sp->left && sp->zero)
		pad(o, width, '0');
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, width, ' ');
}

static void put_pointer(struct out *o, char kind, void *p, struct spec *sp)
{
	char sym[KSYM_NAME_LEN + 32];

	if (kind == 'S' || kind == 's') {
		sprint_symbol(sym, sizeof(sym), (unsigned long)p);
		put_str(o, sym, sp);
		return;
	}
	sp->base = 16;
	sp->alt = true;
	put_num(o, (unsigned long)p, false, sp);
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	memset(sp, 0, sizeof(*sp));
	sp->precision = -1;
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else if (*f == '+')
			sp->plus = true;
		else if (*f == ' ')
			sp->space = true;
		else if (*f == '#')
			sp->alt = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->precision = 0;
		if (*f == '*') {
			sp->precision = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->precision = sp->precision * 10 + (*f++ - '0');
	}
	return f;
}

/* Reads one integer argument of the size the modifier says. */
static unsigned long long get_int(int lng, bool is_signed, bool *neg,
				  va_list *ap)
{
	long long s;
	unsigned long long u;

	*neg = false;
	if (is_signed) {
		if (lng >= 2)
			s = va_arg(*ap, long long);
		else if (lng == 1)
			s = va_arg(*ap, long);
		else
			s = va_arg(*ap, int);
		if (lng < 0)
			s = (short)s;
		if (s < 0) {
			*neg = true;
			return -(unsigned long long)s;
		}
		return s;
	}
	if (lng >= 2)
		u = va_arg(*ap, unsigned long long);
	else if (lng == 1)
		u = va_arg(*ap, unsigned long);
	else
		u = va_arg(*ap, unsigned int);
	if (lng < 0)
		u = (unsigned short)u;
	return u;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };
	struct spec sp;
	va_list args;

	va_copy(args, ap);
	for (const char *f = fmt; *f; f++) {
		int lng = 0;
		unsigned long long v;
		bool neg;

		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		f = parse_spec(f + 1, &sp, &args);
		for (;; f++) {
			if (*f == 'l')
				lng++;
			else if (*f == 'z')
				lng = 1;
			else if (*f == 'h')
				lng = -1;
			else
				break;
		}
		switch (*f) {
		case 'c': {
			char c[2] = { (char)va_arg(args, int), 0 };

			sp.precision = 1;
			put_str(&o, c, &sp);
			break;
		}
		case 's':
			put_str(&o, va_arg(args, const char *), &sp);
			break;
		case 'p':
			if (f[1] == 'S' || f[1] == 's')
				f++;
			put_pointer(&o, *f, va_arg(args, void *), &sp);
			break;
		case 'd':
		case 'i':
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			sp.is_signed = (*f == 'd' || *f == 'i');
			sp.base = (*f == 'x' || *f == 'X') ? 16 :
				  (*f == 'o') ? 8 : 10;
			sp.upper = (*f == 'X');
			v = get_int(lng, sp.is_signed, &neg, &args);
			put_num(&o, v, neg, &sp);
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			f--;	/* a lone '%' at the end: stop at the NUL */
			break;
		default:	/* unknown: print it as written */
			put(&o, '%');
			put(&o, *f);
			break;
		}
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
