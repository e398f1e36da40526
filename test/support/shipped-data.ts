import { loadCameoCodebook } from '../../libs/platform/src/data-files.ts';

// Every test file starts as a process does: the domain's shipped data (the CAMEO codebook)
// read once by the platform and given to the domain, which reads no file itself.
loadCameoCodebook();
