/* Stand-in for the mc.xs.h that mcconfig generates: the property ids board-natives.c uses. */
#ifndef TEST_MC_XS_H
#define TEST_MC_XS_H
#define xsID_modelName xsID("modelName")
#define xsID_model xsID("model")
#define xsID_cores xsID("cores")
#define xsID_revision xsID("revision")
#define xsID_features xsID("features")
#define xsID_name xsID("name")
#define xsID_version xsID("version")
#define xsID_date xsID("date")
#define xsID_time xsID("time")
#define xsID_idfVersion xsID("idfVersion")
#define xsID_elfSha256 xsID("elfSha256")
#define xsID_label xsID("label")
#define xsID_type xsID("type")
#define xsID_subtype xsID("subtype")
#define xsID_address xsID("address")
#define xsID_size xsID("size")
#endif
