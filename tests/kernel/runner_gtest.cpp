// Runs every kernel conformance case as a GoogleTest test, each from a fresh kernel.
#include <gtest/gtest.h>

#include <string>

extern "C" {
#include "ktest.h"
}

namespace {

class KernelCase : public ::testing::Test {
public:
    explicit KernelCase(const ktest_case_t *c) : case_(c) {}

    void TestBody() override
    {
        static char msg[4096];
        ktest_result_t r = ktest_run(case_, msg, sizeof msg);
        if (r == KTEST_SKIPPED) {
            GTEST_SKIP() << msg;
        } else if (r != KTEST_PASS) {
            ADD_FAILURE() << (r == KTEST_TIMEOUT ? "TIMEOUT\n" : "") << msg;
        } else if (msg[0]) {
            std::printf("%s", msg);
        }
    }

private:
    const ktest_case_t *case_;
};

}  // namespace

int main(int argc, char **argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    for (unsigned i = 0; i < ktest_case_count; i++) {
        const ktest_case_t *c = &ktest_cases[i];
        ::testing::RegisterTest(c->suite, c->name, nullptr, nullptr, __FILE__, __LINE__,
                                [c]() -> ::testing::Test * { return new KernelCase(c); });
    }
    return RUN_ALL_TESTS();
}
