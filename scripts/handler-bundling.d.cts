import type { BuildOptions } from 'esbuild';

export declare const ROOT: string;
export declare const LAMBDA_BUNDLING: {
  handlers: string[];
  esbuildTarget: string;
  esmRequireBanner: string;
  alias?: Record<string, string>;
  external?: string[];
  legalComments?: 'none' | 'inline' | 'eof' | 'linked' | 'external';
};
export declare function handlerBuildOptions(handler: string, outfile: string): BuildOptions & { metafile: true };
