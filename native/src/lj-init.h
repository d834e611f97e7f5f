// Process-wide settings applied before the first model loads.
#pragma once

void lj_init_once();
