// The virtual NOR flash (devices-virtual/flash.c): the erase/program rules, operation times in
// virtual time, wear counters, and persistence through a file.
#include "dev_fixture.h"

#include <cstring>
#include <fstream>
#include <sys/stat.h>
#include <vector>

extern "C" {
#include "vdev/flash.h"
}

namespace {

const vdev_flash_geometry_t kGeo = { 64u * 1024u, 4096u, 256u };

// Run the device's operation to its end.
void Finish(vdev_flash_t *f)
{
    while (vdev_flash_status(f) & VDEV_FLASH_BUSY) {
        ASSERT_TRUE(sim_clock_jump_to_next());
    }
    vdev_flash_ack(f);
}

}  // namespace

class Flash : public DeviceTest {
protected:
    vdev_flash_t *Make(const char *path = nullptr)
    {
        char err[512] = "";
        vdev_flash_t *f = vdev_flash_create("flash0", &kGeo, path, err, sizeof err);
        EXPECT_NE(f, nullptr) << err;
        return f;
    }
};

TEST_F(Flash, StartsErased)
{
    vdev_flash_t *f = Make();
    std::vector<uint8_t> all(kGeo.size);
    ASSERT_EQ(vdev_flash_read(f, 0, all.data(), all.size()), VDEV_FLASH_OK);
    for (uint8_t b : all) {
        ASSERT_EQ(b, 0xFF);
    }
    vdev_flash_destroy(f);
}

TEST_F(Flash, ProgrammingOnlyClearsBits)
{
    vdev_flash_t *f = Make();
    const uint8_t a[] = { 0xF0, 0x0F, 0xAA };
    ASSERT_EQ(vdev_flash_program(f, 100, a, 3), VDEV_FLASH_OK);
    Finish(f);
    // clearing more bits is fine
    const uint8_t b[] = { 0x30, 0x0F, 0x0A };
    ASSERT_EQ(vdev_flash_program(f, 100, b, 3), VDEV_FLASH_OK);
    Finish(f);
    uint8_t got[3];
    vdev_flash_read(f, 100, got, 3);
    EXPECT_EQ(got[0], 0x30);
    EXPECT_EQ(got[2], 0x0A);
    // a 0 back to 1 is refused, and nothing changes
    const uint8_t c[] = { 0x30, 0x0F, 0x0B };
    EXPECT_EQ(vdev_flash_program(f, 100, c, 3), VDEV_FLASH_ENOTERASED);
    EXPECT_FALSE(vdev_flash_status(f) & VDEV_FLASH_BUSY);
    vdev_flash_read(f, 100, got, 3);
    EXPECT_EQ(got[2], 0x0A);
    // after an erase it works
    ASSERT_EQ(vdev_flash_erase(f, 0, 4096), VDEV_FLASH_OK);
    Finish(f);
    ASSERT_EQ(vdev_flash_program(f, 100, c, 3), VDEV_FLASH_OK);
    Finish(f);
    vdev_flash_read(f, 100, got, 3);
    EXPECT_EQ(got[2], 0x0B);
    vdev_flash_destroy(f);
}

TEST_F(Flash, GeometryRulesAreEnforced)
{
    vdev_flash_t *f = Make();
    uint8_t d[300] = {};
    EXPECT_EQ(vdev_flash_erase(f, 100, 4096), VDEV_FLASH_EALIGN);
    EXPECT_EQ(vdev_flash_erase(f, 0, 100), VDEV_FLASH_EALIGN);
    EXPECT_EQ(vdev_flash_erase(f, 0, 0), VDEV_FLASH_EALIGN);
    EXPECT_EQ(vdev_flash_erase(f, 60u * 1024u, 8192), VDEV_FLASH_ERANGE);
    EXPECT_EQ(vdev_flash_program(f, 250, d, 10), VDEV_FLASH_EPAGE);   // crosses 256
    EXPECT_EQ(vdev_flash_program(f, 0, d, 257), VDEV_FLASH_EPAGE);
    EXPECT_EQ(vdev_flash_program(f, kGeo.size - 1, d, 2), VDEV_FLASH_ERANGE);
    EXPECT_EQ(vdev_flash_read(f, kGeo.size - 1, d, 2), VDEV_FLASH_ERANGE);
    EXPECT_EQ(vdev_flash_program(f, 256, d, 256), VDEV_FLASH_OK);     // exactly a page
    Finish(f);
    vdev_flash_destroy(f);
}

TEST_F(Flash, OperationsTakeTheirTimeAndTheDeviceIsBusyMeanwhile)
{
    vdev_flash_t *f = Make();
    unsigned line = vdev_flash_irq(f);
    vdev_flash_set_irq_enabled(f, true);
    ASSERT_EQ(vdev_flash_erase(f, 4096, 8192), VDEV_FLASH_OK);
    EXPECT_EQ(sim_clock_next_event(), 2u * VDEV_FLASH_ERASE_NS);
    uint8_t d[4] = {};
    EXPECT_EQ(vdev_flash_read(f, 0, d, 4), VDEV_FLASH_EBUSY);
    EXPECT_EQ(vdev_flash_program(f, 0, d, 4), VDEV_FLASH_EBUSY);
    sim_clock_advance_to(2u * VDEV_FLASH_ERASE_NS - 1);
    EXPECT_FALSE(sim_irq_is_pending(line));
    sim_clock_advance_to(2u * VDEV_FLASH_ERASE_NS);
    EXPECT_TRUE(sim_irq_is_pending(line));
    EXPECT_EQ(vdev_flash_status(f), VDEV_FLASH_DONE);
    vdev_flash_ack(f);
    EXPECT_FALSE(sim_irq_is_pending(line));

    sim_time_t t0 = sim_clock_now();
    ASSERT_EQ(vdev_flash_program(f, 0, d, 4), VDEV_FLASH_OK);
    EXPECT_EQ(sim_clock_next_event(), t0 + VDEV_FLASH_PROGRAM_BASE_NS + 4u * 2500u);
    EXPECT_EQ(vdev_flash_program_time(256), SIM_US(30) + 256u * 2500u);
    Finish(f);
    vdev_flash_destroy(f);
}

TEST_F(Flash, AnOperationCutShortByAResetChangesNothing)
{
    vdev_flash_t *f = Make();
    uint8_t z = 0;
    ASSERT_EQ(vdev_flash_program(f, 7, &z, 1), VDEV_FLASH_OK);
    sim_clock_reset();
    sim_bus_reset();
    uint8_t got = 0;
    ASSERT_EQ(vdev_flash_read(f, 7, &got, 1), VDEV_FLASH_OK);
    EXPECT_EQ(got, 0xFF);
    vdev_flash_destroy(f);
}

TEST_F(Flash, SectorsCountTheirErases)
{
    vdev_flash_t *f = Make();
    for (int i = 0; i < 3; i++) {
        ASSERT_EQ(vdev_flash_erase(f, 0, 8192), VDEV_FLASH_OK);
        Finish(f);
    }
    ASSERT_EQ(vdev_flash_erase(f, 4096 * 5, 4096), VDEV_FLASH_OK);
    Finish(f);
    EXPECT_EQ(vdev_flash_erase_count(f, 0), 3u);
    EXPECT_EQ(vdev_flash_erase_count(f, 1), 3u);
    EXPECT_EQ(vdev_flash_erase_count(f, 2), 0u);
    EXPECT_EQ(vdev_flash_erase_count(f, 5), 1u);
    EXPECT_EQ(vdev_flash_erase_count(f, 999), 0u);
    vdev_flash_destroy(f);
}

TEST_F(Flash, AFileKeepsContentsAndWearAcrossRuns)
{
    std::string path = TempPath("flash.bin");
    {
        vdev_flash_t *f = Make(path.c_str());
        struct stat st;
        ASSERT_EQ(stat(path.c_str(), &st), 0);
        EXPECT_EQ(static_cast<uint32_t>(st.st_size), kGeo.size);        // created erased
        ASSERT_EQ(vdev_flash_erase(f, 4096, 4096), VDEV_FLASH_OK);
        Finish(f);
        ASSERT_EQ(vdev_flash_program(f, 4096 + 10, "persist", 7), VDEV_FLASH_OK);
        Finish(f);
        vdev_flash_destroy(f);
    }
    {
        std::ifstream in(path, std::ios::binary);
        std::vector<char> img((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        ASSERT_EQ(img.size(), kGeo.size);
        EXPECT_EQ(std::string(&img[4096 + 10], 7), "persist");
        EXPECT_EQ(static_cast<uint8_t>(img[0]), 0xFF);
    }
    sim_bus_detach_all();
    {
        vdev_flash_t *f = Make(path.c_str());
        char got[8] = {};
        ASSERT_EQ(vdev_flash_read(f, 4096 + 10, got, 7), VDEV_FLASH_OK);
        EXPECT_STREQ(got, "persist");
        EXPECT_EQ(vdev_flash_erase_count(f, 1), 1u);
        EXPECT_EQ(vdev_flash_program(f, 4096 + 10, "x", 1), VDEV_FLASH_ENOTERASED);
        vdev_flash_destroy(f);
    }
}

TEST_F(Flash, AFileOfTheWrongSizeOrThatCannotBeOpenedIsRefused)
{
    std::string path = TempPath("small.bin");
    {
        std::ofstream(path) << "12 bytes....";
    }
    char err[512];
    EXPECT_EQ(vdev_flash_create("flash0", &kGeo, path.c_str(), err, sizeof err), nullptr);
    EXPECT_EQ(std::string(err), "flash file '" + path + "' is 12 bytes, but the flash is 65536 "
                                "bytes (remove it to start from an erased flash)");
    EXPECT_EQ(vdev_flash_create("flash0", &kGeo, "/nonexistent/dir/f.bin", err, sizeof err),
              nullptr);
    EXPECT_STREQ(err, "cannot open flash file '/nonexistent/dir/f.bin': No such file or directory");
    std::string dir = TempPath("");
    EXPECT_EQ(vdev_flash_create("flash0", &kGeo, dir.c_str(), err, sizeof err), nullptr);
    EXPECT_NE(std::string(err).find("Is a directory"), std::string::npos) << err;
}
