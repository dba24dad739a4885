/* test_svc_images.c - SetProductImage and GetProductImage: formats, signatures, size limit,
 * replacement and the faults. */
#include "test_service.h"

#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
static const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0, 16};
static const unsigned char gif87[] = "GIF87a\x01\x00";
static const unsigned char gif89[] = "GIF89a\x01\x00";
static const unsigned char webp[] = "RIFF\x10\x00\x00\x00WEBPVP8 ";

static svc_image image(const char *type, const unsigned char *data, size_t size)
{
    svc_image img = {(char *)type, (unsigned char *)data, size};

    return img;
}

/* Expects SetProductImage on a fresh product to refuse img on field, storing nothing. */
static void expect_invalid(const svc_image *img, const char *field)
{
    int id = tsvc_create("WID-1", "1", 0);
    svc_fault f;

    CU_ASSERT_EQUAL(svc_set_product_image(tsvc_store, id, img, &f), SVC_EVALIDATION);
    CU_ASSERT_STRING_EQUAL(f.field, field);
    CU_ASSERT_EQUAL(tsvc_sql_int("SELECT count(*) FROM product_images"), 0);
}

static void test_svc_set_product_image_round_trips(void)
{
    int id = tsvc_create("WID-1", "1", 0);
    svc_image img = image("image/png", png, sizeof png), got;
    svc_fault f;

    CU_ASSERT_EQUAL_FATAL(svc_set_product_image(tsvc_store, id, &img, &f), SVC_OK);
    CU_ASSERT_EQUAL_FATAL(svc_get_product_image(tsvc_store, id, &got, &f), SVC_OK);
    CU_ASSERT_STRING_EQUAL(got.content_type, "image/png");
    CU_ASSERT_EQUAL_FATAL(got.size, sizeof png);
    CU_ASSERT_EQUAL(memcmp(got.data, png, sizeof png), 0);
    svc_image_clear(&got);
}

static void test_svc_set_product_image_accepts_each_format(void)
{
    const svc_image imgs[] = {image("image/jpeg", jpeg, sizeof jpeg),
                              image("image/gif", gif87, sizeof gif87 - 1),
                              image("image/gif", gif89, sizeof gif89 - 1),
                              image("image/webp", webp, sizeof webp - 1),
                              image("IMAGE/PNG", png, sizeof png)};
    int id = tsvc_create("WID-1", "1", 0);
    svc_fault f;
    size_t i;

    for (i = 0; i < sizeof imgs / sizeof imgs[0]; i++)
        CU_ASSERT_EQUAL(svc_set_product_image(tsvc_store, id, &imgs[i], &f), SVC_OK);
}

static void test_svc_set_product_image_stores_canonical_content_type(void)
{
    int id = tsvc_create("WID-1", "1", 0);
    svc_image img = image("Image/JPEG", jpeg, sizeof jpeg), got;
    svc_fault f;

    CU_ASSERT_EQUAL_FATAL(svc_set_product_image(tsvc_store, id, &img, &f), SVC_OK);
    CU_ASSERT_EQUAL_FATAL(svc_get_product_image(tsvc_store, id, &got, &f), SVC_OK);
    CU_ASSERT_STRING_EQUAL(got.content_type, "image/jpeg");
    svc_image_clear(&got);
}

static void test_svc_set_product_image_replaces_the_previous(void)
{
    int id = tsvc_create("WID-1", "1", 0);
    svc_image first = image("image/png", png, sizeof png), second = image("image/gif", gif89, 8);
    svc_image got;
    svc_fault f;

    CU_ASSERT_EQUAL_FATAL(svc_set_product_image(tsvc_store, id, &first, &f), SVC_OK);
    CU_ASSERT_EQUAL_FATAL(svc_set_product_image(tsvc_store, id, &second, &f), SVC_OK);
    CU_ASSERT_EQUAL_FATAL(svc_get_product_image(tsvc_store, id, &got, &f), SVC_OK);
    CU_ASSERT_STRING_EQUAL(got.content_type, "image/gif");
    CU_ASSERT_EQUAL(got.size, 8);
    CU_ASSERT_EQUAL(tsvc_sql_int("SELECT count(*) FROM product_images"), 1);
    svc_image_clear(&got);
}

static void test_svc_set_product_image_requires_data(void)
{
    svc_image img = image("image/png", NULL, 10);

    expect_invalid(NULL, "Data");
    expect_invalid(&img, "Data");
}

static void test_svc_set_product_image_refuses_empty_data(void)
{
    svc_image img = image("image/png", png, 0);

    expect_invalid(&img, "Data");
}

static void test_svc_set_product_image_requires_content_type(void)
{
    svc_image img = image(NULL, png, sizeof png);

    expect_invalid(&img, "ContentType");
}

static void test_svc_set_product_image_refuses_other_content_types(void)
{
    svc_image img = image("image/bmp", png, sizeof png);

    expect_invalid(&img, "ContentType");
    img.content_type = "image/png; q=1";
    expect_invalid(&img, "ContentType");
}

static void test_svc_set_product_image_checks_the_signature(void)
{
    static const unsigned char riff_wav[] = "RIFF\x10\x00\x00\x00WAVEfmt ";
    svc_image img = image("image/jpeg", png, sizeof png);

    expect_invalid(&img, "Data");
    img = image("image/webp", riff_wav, sizeof riff_wav - 1);
    expect_invalid(&img, "Data");
    img = image("image/gif", (const unsigned char *)"GIF88a", 6);
    expect_invalid(&img, "Data");
    img = image("image/png", png, 4); /* shorter than the signature */
    expect_invalid(&img, "Data");
}

static void test_svc_set_product_image_limits_size_to_256_kib(void)
{
    unsigned char *big = calloc(1, 262145);
    svc_image img = image("image/png", big, 262145);
    int id = tsvc_create("WID-1", "1", 0);
    svc_fault f;

    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    memcpy(big, png, sizeof png);
    CU_ASSERT_EQUAL(svc_set_product_image(tsvc_store, id, &img, &f), SVC_EVALIDATION);
    CU_ASSERT_STRING_EQUAL(f.field, "Data");
    img.size = 262144;
    CU_ASSERT_EQUAL(svc_set_product_image(tsvc_store, id, &img, &f), SVC_OK);
    free(big);
}

static void test_svc_set_product_image_unknown_product_is_not_found(void)
{
    svc_image img = image("image/png", png, sizeof png);
    svc_fault f;

    CU_ASSERT_EQUAL(svc_set_product_image(tsvc_store, 12, &img, &f), SVC_ENOTFOUND);
    CU_ASSERT_STRING_EQUAL(f.entity, "Product");
    CU_ASSERT_STRING_EQUAL(f.key, "12");
}

static void test_svc_get_product_image_unknown_product_is_not_found(void)
{
    svc_image got;
    svc_fault f;

    CU_ASSERT_EQUAL(svc_get_product_image(tsvc_store, 3, &got, &f), SVC_ENOTFOUND);
    CU_ASSERT_STRING_EQUAL(f.entity, "Product");
    CU_ASSERT_STRING_EQUAL(f.key, "3");
    CU_ASSERT_PTR_NULL(got.data);
}

static void test_svc_get_product_image_without_image_is_not_found(void)
{
    int id = tsvc_create("WID-1", "1", 0);
    svc_image got;
    svc_fault f;

    CU_ASSERT_EQUAL(svc_get_product_image(tsvc_store, id, &got, &f), SVC_ENOTFOUND);
    CU_ASSERT_STRING_EQUAL(f.entity, "ProductImage");
    CU_ASSERT_STRING_EQUAL(f.key, "1");
}

int test_svc_images_suite(void)
{
    static const tsvc_test tests[] = {
        TSVC_TEST(test_svc_set_product_image_round_trips),
        TSVC_TEST(test_svc_set_product_image_accepts_each_format),
        TSVC_TEST(test_svc_set_product_image_stores_canonical_content_type),
        TSVC_TEST(test_svc_set_product_image_replaces_the_previous),
        TSVC_TEST(test_svc_set_product_image_requires_data),
        TSVC_TEST(test_svc_set_product_image_refuses_empty_data),
        TSVC_TEST(test_svc_set_product_image_requires_content_type),
        TSVC_TEST(test_svc_set_product_image_refuses_other_content_types),
        TSVC_TEST(test_svc_set_product_image_checks_the_signature),
        TSVC_TEST(test_svc_set_product_image_limits_size_to_256_kib),
        TSVC_TEST(test_svc_set_product_image_unknown_product_is_not_found),
        TSVC_TEST(test_svc_get_product_image_unknown_product_is_not_found),
        TSVC_TEST(test_svc_get_product_image_without_image_is_not_found),
        {NULL, NULL},
    };

    return tsvc_add_suite("service images", 1, tests);
}
