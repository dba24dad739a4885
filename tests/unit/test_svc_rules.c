/* test_svc_rules.c - the text rules of service/rules.c: exact decimals, UTF-8, Sku, xsd:dateTime,
 * xsd:duration, guid, e-mail and timestamps. */
#include "test_service.h"

#include <CUnit/CUnit.h>
#include <string.h>

static int64_t parsed(const char *text)
{
    int64_t v = -777;

    return svcp_decimal_parse(text, &v) == SVCP_DEC_OK ? v : -777;
}

static int parse_rc(const char *text)
{
    int64_t v = 0;

    return svcp_decimal_parse(text, &v);
}

static const char *formatted(int64_t v)
{
    static char buf[SVCP_DEC_LEN];

    svcp_decimal_format(v, buf);
    return buf;
}

static void test_svc_decimal_parses_plain_forms(void)
{
    CU_ASSERT_EQUAL(parsed("19.99"), 199900);
    CU_ASSERT_EQUAL(parsed("5"), 50000);
    CU_ASSERT_EQUAL(parsed("0.10"), 1000);
    CU_ASSERT_EQUAL(parsed("+1.5"), 15000);
    CU_ASSERT_EQUAL(parsed("-2.5"), -25000);
    CU_ASSERT_EQUAL(parsed("007.50"), 75000);
    CU_ASSERT_EQUAL(parsed("0.0001"), 1);
    CU_ASSERT_EQUAL(parsed("-0"), 0);
}

static void test_svc_decimal_strips_trailing_zeros(void)
{
    CU_ASSERT_EQUAL(parsed("1.23450000"), 12345);
    CU_ASSERT_EQUAL(parsed("2.000000000000000000000000"), 20000);
}

static void test_svc_decimal_refuses_malformed_text(void)
{
    static const char *const bad[] = {"", "5.", ".5", "1e5", "1E5", "NaN", "INF", " 5", "5 ",
                                      "1..2", "+", "-", "--1", "+-1", "1,5", "0x10", "1.2.3",
                                      "\xc2\xbd"};
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CU_ASSERT_EQUAL(parse_rc(bad[i]), SVCP_DEC_SYNTAX);
    CU_ASSERT_EQUAL(parse_rc(NULL), SVCP_DEC_SYNTAX);
}

static void test_svc_decimal_refuses_a_fifth_fraction_digit(void)
{
    CU_ASSERT_EQUAL(parse_rc("1.00001"), SVCP_DEC_SCALE);
    CU_ASSERT_EQUAL(parse_rc("0.12345"), SVCP_DEC_SCALE);
    CU_ASSERT_EQUAL(parse_rc("0.123450x"), SVCP_DEC_SYNTAX);
}

static void test_svc_decimal_refuses_overflow(void)
{
    CU_ASSERT_EQUAL(parsed("922337203685477.5807"), INT64_MAX);
    CU_ASSERT_EQUAL(parsed("-922337203685477.5807"), -INT64_MAX);
    CU_ASSERT_EQUAL(parse_rc("922337203685477.5808"), SVCP_DEC_RANGE);
    CU_ASSERT_EQUAL(parse_rc("-922337203685477.5808"), SVCP_DEC_RANGE);
    CU_ASSERT_EQUAL(parse_rc("99999999999999999999"), SVCP_DEC_RANGE);
    CU_ASSERT_EQUAL(parse_rc("922337203685478"), SVCP_DEC_RANGE);
}

static void test_svc_decimal_formats_canonically(void)
{
    CU_ASSERT_STRING_EQUAL(formatted(199900), "19.99");
    CU_ASSERT_STRING_EQUAL(formatted(3000), "0.3");
    CU_ASSERT_STRING_EQUAL(formatted(50000), "5");
    CU_ASSERT_STRING_EQUAL(formatted(0), "0");
    CU_ASSERT_STRING_EQUAL(formatted(-25000), "-2.5");
    CU_ASSERT_STRING_EQUAL(formatted(1), "0.0001");
    CU_ASSERT_STRING_EQUAL(formatted(-1), "-0.0001");
    CU_ASSERT_STRING_EQUAL(formatted(1000500), "100.05");
    CU_ASSERT_STRING_EQUAL(formatted(INT64_MAX), "922337203685477.5807");
    CU_ASSERT_STRING_EQUAL(formatted(INT64_MIN), "-922337203685477.5808");
}

static void test_svc_utf8_counts_code_points(void)
{
    CU_ASSERT_EQUAL(svcp_utf8_len(""), 0);
    CU_ASSERT_EQUAL(svcp_utf8_len("abc"), 3);
    CU_ASSERT_EQUAL(svcp_utf8_len("h\xc3\xa9llo"), 5);
    CU_ASSERT_EQUAL(svcp_utf8_len("\xe2\x82\xac"), 1);
    CU_ASSERT_EQUAL(svcp_utf8_len("\xf0\x9f\x98\x80!"), 2);
    CU_ASSERT_EQUAL(svcp_utf8_len("\xf4\x8f\xbf\xbf"), 1); /* U+10FFFF */
}

static void test_svc_utf8_refuses_invalid_sequences(void)
{
    static const char *const bad[] = {
        "\xc3",             /* truncated */
        "a\xc3(",           /* bad continuation */
        "\x80",             /* lone continuation */
        "\xc0\xaf",         /* overlong '/' */
        "\xe0\x80\xaf",     /* overlong, 3 bytes */
        "\xf0\x80\x80\xaf", /* overlong, 4 bytes */
        "\xed\xa0\x80",     /* surrogate U+D800 */
        "\xf4\x90\x80\x80", /* past U+10FFFF */
        "\xff",
    };
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CU_ASSERT_EQUAL(svcp_utf8_len(bad[i]), -1);
}

static void test_svc_copy_text_cuts_on_a_code_point(void)
{
    char small[5], tiny[4];

    svcp_copy_text(small, sizeof small, "ab\xc3\xa9\xc3\xa9");
    CU_ASSERT_STRING_EQUAL(small, "ab\xc3\xa9");
    svcp_copy_text(small, sizeof small, "a\xe2\x82\xac\xe2\x82\xac");
    CU_ASSERT_STRING_EQUAL(small, "a\xe2\x82\xac");
    svcp_copy_text(tiny, sizeof tiny, "abcdef");
    CU_ASSERT_STRING_EQUAL(tiny, "abc");
}

static void test_svc_sku_pattern(void)
{
    CU_ASSERT_TRUE(svcp_sku_valid("ABC"));
    CU_ASSERT_TRUE(svcp_sku_valid("WID-0001"));
    CU_ASSERT_TRUE(svcp_sku_valid("---"));
    CU_ASSERT_TRUE(svcp_sku_valid("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")); /* 32 */
    CU_ASSERT_FALSE(svcp_sku_valid("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456")); /* 33 */
    CU_ASSERT_FALSE(svcp_sku_valid("AB"));
    CU_ASSERT_FALSE(svcp_sku_valid("abc"));
    CU_ASSERT_FALSE(svcp_sku_valid("AB_C"));
    CU_ASSERT_FALSE(svcp_sku_valid("AB C"));
    CU_ASSERT_FALSE(svcp_sku_valid("\xc3\x84" "BC"));
    CU_ASSERT_FALSE(svcp_sku_valid(""));
    CU_ASSERT_FALSE(svcp_sku_valid(NULL));
}

static void test_svc_datetime_accepts_xsd_forms(void)
{
    CU_ASSERT_TRUE(svcp_datetime_valid("2026-11-25T08:55:20Z"));
    CU_ASSERT_TRUE(svcp_datetime_valid("2026-11-25T08:55:20.123Z"));
    CU_ASSERT_TRUE(svcp_datetime_valid("2026-11-25T08:55:20.1234567+05:30"));
    CU_ASSERT_TRUE(svcp_datetime_valid("2026-11-25T23:59:59-14:00"));
    CU_ASSERT_TRUE(svcp_datetime_valid("2026-01-01T00:00:00"));
    CU_ASSERT_TRUE(svcp_datetime_valid("2024-02-29T00:00:00Z"));
    CU_ASSERT_TRUE(svcp_datetime_valid("2000-02-29T00:00:00Z"));
    CU_ASSERT_TRUE(svcp_datetime_valid("0001-01-01T00:00:00Z"));
}

static void test_svc_datetime_refuses_bad_calendar_and_form(void)
{
    static const char *const bad[] = {
        "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
        "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z",
        "0000-01-01T00:00:00Z", "2026-11-25T24:00:00Z", "2026-11-25T08:60:00Z",
        "2026-11-25T08:55:60Z", "2026-11-25 08:55:20Z", "2026-11-25",
        "2026-11-25T08:55Z",    "2026-11-25T08:55:20.Z", "2026-11-25T08:55:20+15:00",
        "2026-11-25T08:55:20+14:30", "2026-11-25T08:55:20+0530", "2026-11-25T08:55:20z",
        "2026-11-25T08:55:20ZZ", "26-11-25T08:55:20Z", "",
    };
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CU_ASSERT_FALSE(svcp_datetime_valid(bad[i]));
    CU_ASSERT_FALSE(svcp_datetime_valid(NULL));
}

static void test_svc_duration_accepts_xsd_forms(void)
{
    static const char *const good[] = {"P2D", "PT36H", "P1DT2H30M0.5S", "-P1Y", "P1Y2M3DT4H5M6S",
                                       "PT0S", "P0D", "PT1M", "P1M", "PT0.25S", "P100Y"};
    size_t i;

    for (i = 0; i < sizeof good / sizeof good[0]; i++)
        CU_ASSERT_TRUE(svcp_duration_valid(good[i]));
}

static void test_svc_duration_refuses_empty_and_malformed(void)
{
    static const char *const bad[] = {"P", "PT", "-P", "P1DT", "", "1D", "P1.5D", "PT1.S",
                                      "PT.5S", "P-1D", "P1D2Y", "PT1H2H", "P1S", "PT1D", "p1d",
                                      "P1D ", "+P1D", "P1DT1H1M1S1"};
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CU_ASSERT_FALSE(svcp_duration_valid(bad[i]));
    CU_ASSERT_FALSE(svcp_duration_valid(NULL));
}

static void test_svc_guid_normalizes_to_lower_case(void)
{
    char out[SVCP_GUID_LEN];

    CU_ASSERT_TRUE(svcp_guid_normalize("0F8FAD5B-D9CB-469F-A165-70867728950E", out));
    CU_ASSERT_STRING_EQUAL(out, "0f8fad5b-d9cb-469f-a165-70867728950e");
}

static void test_svc_guid_refuses_malformed_text(void)
{
    static const char *const bad[] = {"0f8fad5b-d9cb-469f-a165-70867728950",
                                      "0f8fad5b-d9cb-469f-a165-70867728950ee",
                                      "0f8fad5bd9cb-469f-a165-70867728950e-",
                                      "0f8fad5g-d9cb-469f-a165-70867728950e",
                                      "{0f8fad5b-d9cb-469f-a165-70867728950e}",
                                      "0f8fad5b_d9cb_469f_a165_70867728950e", "", "42"};
    char out[SVCP_GUID_LEN];
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CU_ASSERT_FALSE(svcp_guid_normalize(bad[i], out));
    CU_ASSERT_FALSE(svcp_guid_normalize(NULL, out));
}

static void test_svc_email_rule(void)
{
    char longest[256];

    CU_ASSERT_TRUE(svcp_email_valid("a@b"));
    CU_ASSERT_TRUE(svcp_email_valid("ada.lovelace@example.com"));
    CU_ASSERT_FALSE(svcp_email_valid("ada"));
    CU_ASSERT_FALSE(svcp_email_valid("@example.com"));
    CU_ASSERT_FALSE(svcp_email_valid("ada@"));
    CU_ASSERT_FALSE(svcp_email_valid("a@b@c"));
    CU_ASSERT_FALSE(svcp_email_valid(""));
    memset(longest, 'a', 254);
    longest[1] = '@';
    longest[254] = '\0';
    CU_ASSERT_TRUE(svcp_email_valid(longest));
    longest[254] = 'a';
    longest[255] = '\0';
    CU_ASSERT_FALSE(svcp_email_valid(longest));
}

static void test_svc_time_format_is_iso_utc_with_ms(void)
{
    char buf[SVCP_TIME_LEN];

    svcp_time_format(1795683320123LL, buf);
    CU_ASSERT_STRING_EQUAL(buf, "2026-11-26T08:55:20.123Z");
    svcp_time_format(0, buf);
    CU_ASSERT_STRING_EQUAL(buf, "1970-01-01T00:00:00.000Z");
    svcp_time_format(1795596920007LL, buf);
    CU_ASSERT_STRING_EQUAL(buf, "2026-11-25T08:55:20.007Z");
}

static void test_svc_now_is_a_valid_utc_datetime(void)
{
    char buf[SVCP_TIME_LEN];

    svcp_time_format(svcp_now_ms(), buf);
    CU_ASSERT_EQUAL(strlen(buf), 24);
    CU_ASSERT_TRUE(svcp_datetime_valid(buf));
    CU_ASSERT_EQUAL(buf[23], 'Z');
    CU_ASSERT_TRUE(strcmp(buf, "2024-01-01") > 0);
}

int test_svc_rules_suite(void)
{
    static const tsvc_test tests[] = {
        {"test_svc_decimal_parses_plain_forms", test_svc_decimal_parses_plain_forms},
        {"test_svc_decimal_strips_trailing_zeros", test_svc_decimal_strips_trailing_zeros},
        {"test_svc_decimal_refuses_malformed_text", test_svc_decimal_refuses_malformed_text},
        {"test_svc_decimal_refuses_a_fifth_fraction_digit",
         test_svc_decimal_refuses_a_fifth_fraction_digit},
        {"test_svc_decimal_refuses_overflow", test_svc_decimal_refuses_overflow},
        {"test_svc_decimal_formats_canonically", test_svc_decimal_formats_canonically},
        {"test_svc_utf8_counts_code_points", test_svc_utf8_counts_code_points},
        {"test_svc_utf8_refuses_invalid_sequences", test_svc_utf8_refuses_invalid_sequences},
        {"test_svc_copy_text_cuts_on_a_code_point", test_svc_copy_text_cuts_on_a_code_point},
        {"test_svc_sku_pattern", test_svc_sku_pattern},
        {"test_svc_datetime_accepts_xsd_forms", test_svc_datetime_accepts_xsd_forms},
        {"test_svc_datetime_refuses_bad_calendar_and_form",
         test_svc_datetime_refuses_bad_calendar_and_form},
        {"test_svc_duration_accepts_xsd_forms", test_svc_duration_accepts_xsd_forms},
        {"test_svc_duration_refuses_empty_and_malformed",
         test_svc_duration_refuses_empty_and_malformed},
        {"test_svc_guid_normalizes_to_lower_case", test_svc_guid_normalizes_to_lower_case},
        {"test_svc_guid_refuses_malformed_text", test_svc_guid_refuses_malformed_text},
        {"test_svc_email_rule", test_svc_email_rule},
        {"test_svc_time_format_is_iso_utc_with_ms", test_svc_time_format_is_iso_utc_with_ms},
        {"test_svc_now_is_a_valid_utc_datetime", test_svc_now_is_a_valid_utc_datetime},
        {NULL, NULL},
    };

    return tsvc_add_suite("service rules", 0, tests);
}
